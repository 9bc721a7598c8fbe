import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import { createDroneCredentials } from '../credentials.ts';
import { createFrameEncoder } from '../mavlink/encode.ts';
import { MAVLINK_SIGNING_KEY_BYTES, mavlinkSigningKeyBox, openSigningKey } from '../mavlink/signing.ts';
import { demoDronesRepo } from './demo-drones.repo.ts';
import { advance, lawnmower, startFlight, type LonLat } from './flight-pattern.ts';

/** The demo MAVLink aircraft: an ArduCopter-like quad over the north slope of the demo area. */
export const MAVLINK_DEMO = {
  id: 'demo-yingyan-m',
  callsign: '鹰眼-M',
  systemId: 42,
  home: [120.0655, 28.9575] as LonLat,
  homeMsl: 240,
  route: lawnmower({ corner: [120.0665, 28.9585], legBearing: 70, legM: 1_000, widthM: 480, spacingM: 80 }),
  speed: 8,
  altRel: 75,
  /** The camera looks straight down: the coverage worker's footprint is under the aircraft. */
  gimbalPitch: -90,
} as const;

const MAV_COMP_ID_GIMBAL = 154;

export interface MavlinkSimDroneOptions {
  database: Database;
  /** The server's secret: seals the demo drone's signing key in the database and opens it again. */
  secretKey: Buffer;
  /** The bridge's MAVLink UDP port (on this host). */
  port: number;
  host?: string;
  /**
   * GLOBAL_POSITION_INT rate, Hz (default 2); HEARTBEAT, SYS_STATUS and the camera gimbal's
   * GIMBAL_DEVICE_ATTITUDE_STATUS (pitch −90°, straight down) at 1 Hz, BATTERY_STATUS every 5 s.
   */
  hz?: number;
  log: Logger;
}

export interface MavlinkSimDrone {
  readonly droneId: string;
  readonly systemId: number;
  stats(): { datagrams: number };
  stop(): Promise<void>;
}

/**
 * Registers (once) and flies the demo MAVLink aircraft: signed MAVLink 2 frames made with node-mavlink's
 * serializer, sent over UDP to the bridge exactly as a flight controller or a telemetry radio would. When system
 * id 42 belongs to a drone someone registered by hand, the demo aircraft stays on the ground (logged).
 */
export async function startMavlinkSimDrone(o: MavlinkSimDroneOptions): Promise<MavlinkSimDrone | undefined> {
  const log = o.log.child({ module: 'simulator', drone: MAVLINK_DEMO.id, callsign: MAVLINK_DEMO.callsign });
  const repo = demoDronesRepo(o.database);
  const box = mavlinkSigningKeyBox(o.secretKey);
  const holder = await repo.systemIdHolder(MAVLINK_DEMO.systemId);
  const row = await repo.findMavlink(MAVLINK_DEMO.callsign);
  if (holder !== undefined && holder !== row?.id) {
    log.warn(
      { holder },
      `MAVLink system id ${MAVLINK_DEMO.systemId} belongs to another drone; no MAVLink demo aircraft`,
    );
    return undefined;
  }
  let key: Buffer | undefined;
  if (row?.mavlinkSigningKey && row.mavlinkSystemId === MAVLINK_DEMO.systemId && !row.disabled) {
    try {
      key = openSigningKey(box, row.mavlinkSigningKey);
    } catch {
      key = undefined; // sealed under another SECRETS_KEY: give it a new key below
    }
  }
  if (!key) {
    key = randomBytes(MAVLINK_SIGNING_KEY_BYTES);
    const sealed = box.seal(key.toString('hex'));
    if (row) await repo.setMavlink(row.id, MAVLINK_DEMO.systemId, sealed);
    else
      await repo.insertMavlink({
        id: MAVLINK_DEMO.id,
        callsign: MAVLINK_DEMO.callsign,
        credentialHash: (await createDroneCredentials()).hash,
        systemId: MAVLINK_DEMO.systemId,
        sealedKey: sealed,
      });
    log.info({ systemId: MAVLINK_DEMO.systemId }, 'MAVLink demo aircraft registered with a new signing key');
  }
  const droneId = row?.id ?? MAVLINK_DEMO.id;
  const encoder = createFrameEncoder({ systemId: MAVLINK_DEMO.systemId, signingKey: key, linkId: 1 });
  // The camera gimbal is its own component (MAV_COMP_ID_GIMBAL), signing its own stream with the aircraft's key.
  const gimbal = createFrameEncoder({
    systemId: MAVLINK_DEMO.systemId,
    componentId: MAV_COMP_ID_GIMBAL,
    signingKey: key,
    linkId: 1,
  });
  const socket = createSocket('udp4');
  socket.on('error', (err) => log.warn({ err: err.message }, 'MAVLink demo socket error'));
  const host = o.host ?? '127.0.0.1';
  const bootAt = Date.now();
  const route: LonLat[] = [MAVLINK_DEMO.home, ...MAVLINK_DEMO.route];
  let flight = startFlight(route, MAVLINK_DEMO.speed);
  let bat = 88;
  let last = Date.now();
  let ticks = 0;
  let datagrams = 0;
  const hz = o.hz ?? 2;

  const send = (frame: Buffer) => {
    datagrams++;
    socket.send(frame, o.port, host);
  };
  const tick = () => {
    const now = Date.now();
    const dt = (now - last) / 1000;
    last = now;
    flight = advance(route, flight, dt, true);
    bat = bat <= 30 ? 95 : bat - 0.03 * dt; // a fresh pack when low: the demo never lands
    if (ticks % hz === 0) {
      send(encoder.heartbeat());
      send(encoder.sysStatus(bat));
      send(gimbal.gimbalDeviceAttitudeStatus({ timeBootMs: now - bootAt, pitch: MAVLINK_DEMO.gimbalPitch }));
    }
    if (ticks % (hz * 5) === 0) send(encoder.batteryStatus(bat));
    const rad = (flight.heading * Math.PI) / 180;
    const vUp = Math.cos(now / 7_000) * 0.2;
    send(
      encoder.globalPositionInt({
        timeBootMs: now - bootAt,
        lon: flight.position[0],
        lat: flight.position[1],
        altMsl: MAVLINK_DEMO.homeMsl + MAVLINK_DEMO.altRel + Math.sin(now / 7_000) * 1.5,
        altRel: MAVLINK_DEMO.altRel + Math.sin(now / 7_000) * 1.5,
        heading: flight.heading,
        vNorth: Math.cos(rad) * flight.speed,
        vEast: Math.sin(rad) * flight.speed,
        vUp,
      }),
    );
    ticks++;
  };
  const timer = setInterval(tick, Math.round(1000 / hz));
  log.info(
    { systemId: MAVLINK_DEMO.systemId, port: o.port },
    'MAVLink demo aircraft flying (signed MAVLink 2 over UDP)',
  );
  return {
    droneId,
    systemId: MAVLINK_DEMO.systemId,
    stats: () => ({ datagrams }),
    async stop() {
      clearInterval(timer);
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
