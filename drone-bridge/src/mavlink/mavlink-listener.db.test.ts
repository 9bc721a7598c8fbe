import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { common, minimal, MavLinkProtocolV2, type MavLinkData } from 'node-mavlink';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestMavlinkDrone,
  freeSystemId,
  releaseMavlinkDrones,
  type TestMavlinkDrone,
} from '../testing/mavlink-drones.ts';
import { createFrameEncoder } from './encode.ts';
import { MavlinkPortInUseError, startMavlinkListener, type MavlinkListener } from './mavlink-listener.ts';

/**
 * MAVLink frames made with node-mavlink, sent over a real UDP socket to the listener, into the database
 * (PGlite+PostGIS, or the real PostgreSQL when DATABASE_URL is set): every bad frame is refused, counted per
 * reason and kept in dead_letters; the good frames around it are stored.
 */

const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const secretKey = randomBytes(32);

let database: Database;
let registry: Registry;
let listener: MavlinkListener;
let open: TestMavlinkDrone;
let signed: TestMavlinkDrone;
const made: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  open = await createTestMavlinkDrone(database, { signing: false, secretKey });
  signed = await createTestMavlinkDrone(database, { signing: true, secretKey });
  made.push(open.id, signed.id);
  registry = new Registry();
  listener = await startMavlinkListener({
    database,
    port: 0,
    host: '127.0.0.1',
    secretKey,
    log,
    registry,
    lingerMs: 5,
  });
});

afterAll(async () => {
  await listener?.close();
  if (database) {
    await releaseMavlinkDrones(database, made);
    await database.close();
  }
});

let seq = 0;
let lastSignedMs = 0;
/** A signer's timestamps rise with every frame (the signing spec); two frames built in one millisecond differ. */
const nextSignedMs = () => (lastSignedMs = Math.max(Date.now(), lastSignedMs + 1));
function frame(msg: MavLinkData, sysid: number, key?: Buffer, timestampMs = nextSignedMs()): Buffer {
  const p = new MavLinkProtocolV2(sysid, 1, key ? MavLinkProtocolV2.IFLAG_SIGNED : 0);
  const buf = p.serialize(msg, seq++ & 0xff);
  return key ? p.sign(buf, 1, key, timestampMs) : buf;
}
function position(timeBootMs: number, over: Partial<common.GlobalPositionInt> = {}): common.GlobalPositionInt {
  return Object.assign(new common.GlobalPositionInt(), {
    timeBootMs,
    lat: 289_500_000 + timeBootMs,
    lon: 1_200_700_000,
    alt: 300_000,
    relativeAlt: 60_000,
    vx: 500,
    vy: 0,
    vz: 0,
    hdg: 9_000,
    ...over,
  });
}

async function sender(): Promise<{ socket: Socket; topic: string; send(b: Buffer): Promise<void> }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    socket,
    topic: `mavlink:udp://127.0.0.1:${socket.address().port}`,
    send: (b) =>
      new Promise<void>((resolve, reject) =>
        socket.send(b, listener.port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
      ),
  };
}

const fixesOf = (droneId: string) =>
  database.query<{ t: string; lat: number; hdg: number | null; bat: number | null; src: string; alt_rel: number }>(
    `select t, st_y(geom) as lat, hdg, bat, src, alt_rel from fixes where drone_id = $1 order by t`,
    [droneId],
  );
const deadLettersOf = (topic: string) =>
  database.query<{ reason: string; drone_id: string | null; payload: string; payload_bytes: number }>(
    'select reason, drone_id, payload, payload_bytes from dead_letters where topic = $1 order by id',
    [topic],
  );
async function rejectedCount(reason: string): Promise<number> {
  const m = await registry.getSingleMetric('lookout_bridge_rejected_total')!.get();
  return m.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

describe('MAVLink over UDP into the database', () => {
  it('stores the valid frames around each bad one, and refuses, counts and keeps every bad one', async () => {
    const s = await sender();
    const unknownSystem = await freeSystemId(database);
    const before: Record<string, number> = {};
    const reasons = ['bad_crc', 'truncated', 'unknown_drone', 'bad_signature', 'unsigned', 'out_of_range'];
    for (const r of reasons) before[r] = await rejectedCount(r);

    const badCrc = frame(position(1_500), open.systemId);
    badCrc[15] = badCrc[15]! ^ 0x40;
    const full = frame(position(1_600), open.systemId);
    const sends: Buffer[] = [
      frame(Object.assign(new common.SysStatus(), { batteryRemaining: 77 }), open.systemId),
      frame(position(1_000), open.systemId), // stored, bat 77
      badCrc,
      full.subarray(0, full.length - 5), // truncated
      frame(position(1_700), unknownSystem),
      frame(position(1_000), signed.systemId, signed.key), // stored
      frame(position(1_800), signed.systemId, randomBytes(32)), // bad signature
      frame(position(1_900), signed.systemId), // unsigned from a signing drone
      frame(position(2_000, { lat: 920_000_000 }), open.systemId), // out of range
      frame(position(2_100, { hdg: 65535 }), open.systemId), // stored, heading null
      frame(position(2_200), signed.systemId, signed.key), // stored
      frame(position(3_000), open.systemId), // stored
      frame(
        Object.assign(new minimal.Heartbeat(), { type: minimal.MavType.QUADROTOR, mavlinkVersion: 3 }),
        open.systemId,
      ),
    ];
    for (const b of sends) await s.send(b);

    await expect.poll(async () => (await fixesOf(open.id)).length, { timeout: 10_000 }).toBe(3);
    await expect.poll(async () => (await fixesOf(signed.id)).length, { timeout: 10_000 }).toBe(2);
    await expect.poll(async () => (await deadLettersOf(s.topic)).length, { timeout: 10_000 }).toBe(6);

    const fixes = await fixesOf(open.id);
    expect(fixes.map((f) => f.hdg)).toEqual([90, null, 90]);
    expect(fixes.map((f) => f.bat)).toEqual([77, 77, 77]);
    expect(fixes.every((f) => f.src === 'mavlink' && Math.abs(f.alt_rel - 60) < 1e-6)).toBe(true);
    expect(fixes[0]!.lat).toBeCloseTo(28.9501, 6); // 289_501_000 degE7

    const dead = await deadLettersOf(s.topic);
    expect(dead.map((d) => d.reason)).toEqual([
      'bad_crc',
      'truncated',
      'unknown_drone',
      'bad_signature',
      'unsigned',
      'out_of_range',
    ]);
    expect(dead[0]).toMatchObject({ drone_id: open.id, payload: badCrc.toString('hex'), payload_bytes: badCrc.length });
    expect(dead[2]!.drone_id).toBeNull();
    expect(dead[3]!.drone_id).toBe(signed.id);
    for (const r of reasons) expect(await rejectedCount(r)).toBe(before[r]! + 1);

    // HEARTBEAT: the drone is online on the map.
    await expect
      .poll(
        async () =>
          (
            await database.query<{ online: boolean }>('select online from drone_state where drone_id = $1', [open.id])
          )[0]?.online,
      )
      .toBe(true);
    s.socket.close();
  });

  it('stores a duplicated datagram once (UDP may deliver it twice)', async () => {
    const s = await sender();
    const d = await createTestMavlinkDrone(database, { signing: false, secretKey });
    made.push(d.id);
    await listener.refresh();
    const once = frame(position(5_000), d.systemId);
    await s.send(once);
    await s.send(once);
    await s.send(frame(position(5_500), d.systemId));
    await expect.poll(async () => (await fixesOf(d.id)).length, { timeout: 10_000 }).toBe(2);
    await listener.flush();
    expect((await fixesOf(d.id)).length).toBe(2);
    s.socket.close();
  });

  it('stores the gimbal pitch of GIMBAL_DEVICE_ATTITUDE_STATUS on the next fixes, and null once it is 5 s old', async () => {
    const s = await sender();
    const d = await createTestMavlinkDrone(database, { signing: false, secretKey });
    made.push(d.id);
    await listener.refresh();
    const aircraft = createFrameEncoder({ systemId: d.systemId });
    const gimbal = createFrameEncoder({ systemId: d.systemId, componentId: 154 }); // MAV_COMP_ID_GIMBAL
    const at = (timeBootMs: number) => ({
      timeBootMs,
      lon: 120.07,
      lat: 28.95,
      altMsl: 300,
      altRel: 60,
      heading: 90,
      vNorth: 0,
      vEast: 5,
      vUp: 0,
    });
    const pitches = () =>
      database.query<{ gimbal_pitch: number | null }>('select gimbal_pitch from fixes where drone_id = $1 order by t', [
        d.id,
      ]);
    const outOfRange = await rejectedCount('out_of_range');
    await s.send(aircraft.mountStatus(80)); // above +60°: not a camera pitch
    await expect.poll(async () => (await deadLettersOf(s.topic)).map((r) => r.reason)).toEqual(['out_of_range']);
    expect(await rejectedCount('out_of_range')).toBe(outOfRange + 1);
    await s.send(gimbal.gimbalDeviceAttitudeStatus({ timeBootMs: 10_000, pitch: -45, yaw: 30 }));
    await s.send(aircraft.globalPositionInt(at(10_000)));
    await expect.poll(async () => (await pitches()).length, { timeout: 10_000 }).toBe(1);
    expect(Math.abs(Number((await pitches())[0]!.gimbal_pitch) + 45)).toBeLessThan(0.5);

    // The gimbal falls silent: a position 5 s later has no pitch (the coverage worker looks straight down).
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await s.send(aircraft.globalPositionInt(at(15_000)));
    await expect.poll(async () => (await pitches()).length, { timeout: 10_000 }).toBe(2);
    expect((await pitches())[1]!.gimbal_pitch).toBeNull();
    s.socket.close();
  }, 30_000);

  it('takes a drone registered after start-up without a restart', async () => {
    const s = await sender();
    const d = await createTestMavlinkDrone(database, { signing: false, secretKey });
    made.push(d.id);
    // The first frame finds the system id unknown and makes the listener look again (at most once a second).
    await expect
      .poll(
        async () => {
          await s.send(frame(position(Date.now() % 1e9), d.systemId));
          return (await fixesOf(d.id)).length;
        },
        { timeout: 10_000, interval: 300 },
      )
      .toBeGreaterThan(0);
    s.socket.close();
  });

  it('stops with a clear error when a set port is taken, and takes the next one when the port is only a default', async () => {
    const strict = startMavlinkListener({
      database,
      port: listener.port,
      strictPort: true,
      host: '127.0.0.1',
      secretKey,
      log,
    });
    await expect(strict).rejects.toBeInstanceOf(MavlinkPortInUseError);
    await expect(strict).rejects.toThrow(/MAVLINK_UDP_PORT/);
    const next = await startMavlinkListener({ database, port: listener.port, host: '127.0.0.1', secretKey, log });
    expect(next.port).toBeGreaterThan(listener.port);
    expect(next.url).toBe(`udp://127.0.0.1:${next.port}`);
    await next.close();
  });
});
