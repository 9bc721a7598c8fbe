import { v7 as uuidv7 } from 'uuid';
import { destination } from '@turf/destination';
import type { SightingMessage, TelemetryFix } from '@lookout/contracts';
import type { LonLat } from './flight-pattern.ts';

/** Every field of a wire message present and non-null: what the simulator always sends. */
type Complete<T> = { [K in keyof T]-?: NonNullable<T[K]> };

/** Lookout v1 telemetry, one fix, with every measurement. */
export type FixPayload = Complete<TelemetryFix>;

/** Lookout v1 sighting, without a photo. */
export type SightingPayload = Omit<Complete<SightingMessage>, 'photo'>;

/** What the aircraft knows about itself at one instant. */
export interface AircraftSample {
  position: LonLat;
  /** Take-off point elevation above mean sea level, metres. */
  homeMsl: number;
  altRel: number;
  heading: number;
  speed: number;
  vs: number;
  bat: number;
  at: Date;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export function makeFix(s: AircraftSample, seq: number, id: string = uuidv7()): FixPayload {
  return {
    v: 1,
    id,
    seq,
    t: s.at.toISOString(),
    src: 'sim',
    lon: round(s.position[0], 7),
    lat: round(s.position[1], 7),
    altMsl: round(s.homeMsl + s.altRel, 1),
    altRel: round(s.altRel, 1),
    hdg: round(s.heading, 1),
    // A search camera looks straight down.
    gimbalPitch: -90,
    gs: round(s.speed, 2),
    vs: round(s.vs, 2),
    bat: Math.max(0, Math.round(s.bat)),
  };
}

const personNotes = ['疑似人员，挥手', '橙色外套，静止', '林间空地有人影', '热成像点，疑似一人'];
const groupNotes = ['疑似多人，在山脊小路', '溪边有两人', '一群人，靠近水库边'];

/**
 * A "possibly the person, here" report near the aircraft: the camera's target lies up to ~120 m off the track,
 * with an uncertainty that grows with that offset. `rng` returns [0, 1).
 */
export function makeSighting(s: AircraftSample, rng: () => number, id: string = uuidv7()): SightingPayload {
  const offset = 20 + rng() * 100;
  const p = destination(s.position, offset, rng() * 360, { units: 'meters' }).geometry.coordinates;
  const group = rng() < 0.3;
  const notes = group ? groupNotes : personNotes;
  return {
    v: 1,
    id,
    t: s.at.toISOString(),
    lon: round(p[0]!, 7),
    lat: round(p[1]!, 7),
    uncM: Math.round(8 + offset * 0.25),
    conf: round(0.35 + rng() * 0.6, 2),
    kind: group ? 'group' : 'person',
    count: group ? 2 + Math.floor(rng() * 4) : 1,
    note: notes[Math.floor(rng() * notes.length)]!,
  };
}

/** DJI Cloud API aircraft `osd` envelope (thing/product/{device_sn}/osd), the fields the bridge decodes. */
export interface DjiOsdEnvelope {
  tid: string;
  bid: string;
  timestamp: number;
  gateway: string;
  data: {
    latitude: number;
    longitude: number;
    /** Ellipsoid height, metres. */
    height: number;
    /** Height above the take-off point, metres. */
    elevation: number;
    /** −180..180, degrees from true north. */
    attitude_head: number;
    horizontal_speed: number;
    vertical_speed: number;
    mode_code: number;
    battery: { capacity_percent: number; remain_flight_time: number };
  };
}

/**
 * The same sample as DJI's dock/RC gateway would send it. `geoidM` is the geoid undulation (ellipsoid − MSL);
 * around Yongkang it is about +10 m.
 */
export function makeDjiOsd(s: AircraftSample, gatewaySn: string, geoidM = 10): DjiOsdEnvelope {
  const head = s.heading > 180 ? s.heading - 360 : s.heading;
  return {
    tid: uuidv7(),
    bid: uuidv7(),
    timestamp: s.at.getTime(),
    gateway: gatewaySn,
    data: {
      latitude: round(s.position[1], 7),
      longitude: round(s.position[0], 7),
      height: round(s.homeMsl + s.altRel + geoidM, 1),
      elevation: round(s.altRel, 1),
      attitude_head: round(head, 1),
      horizontal_speed: round(s.speed, 2),
      vertical_speed: round(s.vs, 2),
      mode_code: 5,
      battery: {
        capacity_percent: Math.max(0, Math.round(s.bat)),
        remain_flight_time: Math.round(s.bat * 15),
      },
    },
  };
}
