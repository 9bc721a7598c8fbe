import type { SightingKind } from '@lookout/contracts';

/** Why a message (or one fix of a batch) was not stored. Counted per reason and kept in `dead_letters`. */
export const rejectReasons = [
  'not_json',
  'invalid_schema',
  'out_of_range',
  'future_time',
  'too_old',
  'too_large',
  'unknown_drone',
  'topic_not_allowed',
  'unsupported_topic',
  // MAVLink over UDP
  'not_mavlink',
  'truncated',
  'bad_crc',
  'bad_signature',
  'unsigned',
  // DJI Cloud API
  'serial_bound_elsewhere',
  'gateway_unbound',
] as const;
export type RejectReason = (typeof rejectReasons)[number];

export interface Rejection {
  reason: RejectReason;
  detail: string;
  /** The reading id, when the message carried a readable one (published back as rejected on `acks`). */
  id?: string | undefined;
  /** The part of the message that was rejected, when it was one fix of a batch; else the whole payload. */
  payload?: string | undefined;
  /** Size of what was rejected, when `payload` is an encoding of it (MAVLink frames are kept as hex). */
  payloadBytes?: number | undefined;
}

export interface FixRecord {
  kind: 'fix';
  droneId: string;
  readingId: string;
  droneSeq: number | null;
  /** Epoch milliseconds. */
  t: number;
  src: string | null;
  lon: number;
  lat: number;
  altMsl: number | null;
  /** Height above the WGS-84 ellipsoid as reported (DJI); absent for sources that report MSL. */
  altEllipsoid?: number | null;
  altRel: number | null;
  hdg: number | null;
  gs: number | null;
  vs: number | null;
  bat: number | null;
  /** The camera gimbal's pitch (° , −90 = straight down), where the source reports it. */
  gimbalPitch?: number | null;
  /** DJI aircraft: the laser rangefinder's latest reading carried by this OSD (kept per drone, latest only). */
  laser?: LaserTarget | null;
}

/** A DJI payload's laser rangefinder reading (`measure_target_*` under the payload index). */
export interface LaserTarget {
  payloadIndex: string;
  lon: number | null;
  lat: number | null;
  alt: number | null;
  distance: number | null;
  /** DJI's `measure_target_error_state`: 0 normal, 1 too close, 2 too far, 3 no signal. */
  errorState: number | null;
}

export interface SightingRecord {
  kind: 'sighting';
  droneId: string;
  readingId: string;
  t: number;
  lon: number;
  lat: number;
  uncM: number | null;
  conf: number | null;
  sightingKind: SightingKind;
  count: number | null;
  note: string | null;
  photo: Buffer | null;
}

export interface StatusRecord {
  kind: 'status';
  droneId: string;
  online: boolean;
  t: number;
}

export interface DjiProduct {
  /** DJI `domain`: "0" aircraft, "2" remote controller, "3" dock. */
  domain: string | null;
  type: number | null;
  subType: number | null;
}

/** `update_topo` on `sys/product/{gateway}/status`: the devices now under this gateway. */
export interface DjiTopologyRecord {
  kind: 'dji-topology';
  gateway: string;
  t: number;
  product: DjiProduct;
  subDevices: (DjiProduct & { serial: string })[];
}

/** One `thing/product/{serial}/osd` message; whether it is an aircraft fix or dock state is known at commit. */
export interface DjiOsdRecord {
  kind: 'dji-osd';
  serial: string;
  t: number;
  data: Record<string, unknown>;
}

/** One `thing/product/{serial}/state` message: properties that changed (firmware, modes…), merged at commit. */
export interface DjiStateRecord {
  kind: 'dji-state';
  serial: string;
  t: number;
  data: Record<string, unknown>;
}

/** A health (`hms`) item or a `flighttask_progress` from a gateway's `events`; its aircraft is found at commit. */
export interface DjiEventRecord {
  kind: 'dji-event';
  gateway: string;
  readingId: string;
  t: number;
  type: 'hms' | 'flighttask_progress';
  /** hms: the `device_type` (`domain-type-sub_type`) the item is about. */
  deviceType: string | null;
  level: number | null;
  code: string | null;
  data: Record<string, unknown>;
}

/** An answer the platform owes a gateway, published after the message's batch committed. */
export interface DjiReplyRecord {
  kind: 'dji-reply';
  gateway: string;
  topic: string;
  method: string;
  tid: string | null;
  bid: string | null;
  /** `topology`: result 0 when the gateway's topology was stored; `config`: the platform's configuration. */
  answer: 'topology' | 'config' | 'ok' | 'unsupported';
}

export type DecodedRecord =
  | FixRecord
  | SightingRecord
  | StatusRecord
  | DjiTopologyRecord
  | DjiOsdRecord
  | DjiStateRecord
  | DjiEventRecord
  | DjiReplyRecord;

export interface DecodeResult {
  records: DecodedRecord[];
  rejections: Rejection[];
}

export interface DecodeOptions {
  /** Epoch ms "now" (tests pass a fixed one). */
  now: number;
  /** How far ahead of `now` a reading may be stamped (clock skew). Default 5 min. */
  maxFutureMs?: number;
  /** How old a reading may be (a drone that buffered offline). Default 30 days. */
  maxAgeMs?: number;
}

export const MAX_FUTURE_MS = 5 * 60_000;
export const MAX_AGE_MS = 30 * 24 * 3600_000;

export function reject(reason: RejectReason, detail: string, extra: Partial<Rejection> = {}): DecodeResult {
  return { records: [], rejections: [{ reason, detail, ...extra }] };
}
