import { randomBytes } from 'node:crypto';
import { ardupilotmega, common, minimal, MavLinkProtocolV1, MavLinkProtocolV2, type MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import type { FixRecord } from '../decoders/types.ts';
import { pitchYawQuaternion } from './gimbal-pitch.ts';
import { createMavlinkDecoder, type MavlinkSystem } from './mavlink-decoder.ts';

// Frames are made with node-mavlink's own serializer and signer, as a flight controller's would be.
let seq = 0;
function v2(msg: MavLinkData, sysid: number, o: { key?: Buffer; linkId?: number; timestampMs?: number } = {}) {
  const p = new MavLinkProtocolV2(sysid, 1, o.key ? MavLinkProtocolV2.IFLAG_SIGNED : 0);
  const frame = p.serialize(msg, seq++ & 0xff);
  return o.key ? p.sign(frame, o.linkId ?? 1, o.key, o.timestampMs ?? Date.now()) : frame;
}
const v1 = (msg: MavLinkData, sysid: number) => new MavLinkProtocolV1(sysid, 1).serialize(msg, seq++ & 0xff);

function position(over: Partial<common.GlobalPositionInt> = {}): common.GlobalPositionInt {
  const m = new common.GlobalPositionInt();
  Object.assign(m, {
    timeBootMs: 600_000,
    lat: 289_512_345,
    lon: 1_200_654_321,
    alt: 315_500,
    relativeAlt: 75_250,
    vx: 300,
    vy: 400,
    vz: -50,
    hdg: 8_750,
    ...over,
  });
  return m;
}
function sysStatus(remaining: number): common.SysStatus {
  const m = new common.SysStatus();
  m.batteryRemaining = remaining;
  return m;
}
function heartbeat(type = minimal.MavType.QUADROTOR): minimal.Heartbeat {
  const m = new minimal.Heartbeat();
  m.type = type;
  m.autopilot = minimal.MavAutopilot.ARDUPILOTMEGA;
  m.mavlinkVersion = 3;
  return m;
}

const KEY = randomBytes(32);
const systems = new Map<number, MavlinkSystem>([
  [7, { droneId: 'd-open', systemId: 7, signingKey: null }],
  [9, { droneId: 'd-signed', systemId: 9, signingKey: KEY }],
]);
const lookup = (id: number) => systems.get(id);
const now = Date.parse('2026-11-21T08:00:00Z');

function decodeOne(datagram: Buffer, decoder = createMavlinkDecoder(), at = now) {
  const r = decoder.decode(datagram, at, lookup);
  return { ...r, only: r.frames[0]! };
}
const fixOf = (r: ReturnType<typeof decodeOne>) => r.only.decoded.records[0] as FixRecord;
const reasonOf = (r: ReturnType<typeof decodeOne>) => r.only.decoded.rejections[0]?.reason;

describe('GLOBAL_POSITION_INT → fix', () => {
  it('maps an unsigned MAVLink 2 frame: degE7, mm, cm/s NED, cdeg', () => {
    const r = decodeOne(v2(position(), 7));
    expect(r.only.decoded.droneId).toBe('d-open');
    expect(fixOf(r)).toMatchObject({
      kind: 'fix',
      droneId: 'd-open',
      src: 'mavlink',
      lat: 28.9512345,
      lon: 120.0654321,
      altMsl: 315.5,
      altRel: 75.25,
      hdg: 87.5,
      gs: 5, // |(3, 4)| m/s
      vs: 0.5, // vz −50 cm/s down = 0.5 m/s up
      bat: null,
      t: now,
    });
    expect(r.counts.get('global_position_int')).toBe(1);
  });

  it('reads MAVLink 1 frames too', () => {
    expect(fixOf(decodeOne(v1(position({ hdg: 100 }), 7)))).toMatchObject({ lat: 28.9512345, hdg: 1 });
  });

  it('gives an unknown heading (65535) as null', () => {
    expect(fixOf(decodeOne(v2(position({ hdg: 65535 }), 7))).hdg).toBeNull();
  });

  it('refuses impossible coordinates and a position without GPS fix as out_of_range', () => {
    expect(reasonOf(decodeOne(v2(position({ lat: 950_000_000 }), 7)))).toBe('out_of_range');
    expect(reasonOf(decodeOne(v2(position({ lon: -1_850_000_000 }), 7)))).toBe('out_of_range');
    expect(reasonOf(decodeOne(v2(position({ lat: 0, lon: 0 }), 7)))).toBe('out_of_range');
    expect(reasonOf(decodeOne(v2(position({ hdg: 40_000 }), 7)))).toBe('out_of_range');
  });

  it('times fixes by the boot clock: fixes keep their spacing however late they arrive', () => {
    const d = createMavlinkDecoder();
    const a = fixOf(decodeOne(v2(position({ timeBootMs: 10_000 }), 7), d, now));
    const b = fixOf(decodeOne(v2(position({ timeBootMs: 10_500 }), 7), d, now + 900));
    expect(b.t - a.t).toBe(500);
  });

  it('gives a duplicated datagram the same reading id, and a reboot new ones', () => {
    const d = createMavlinkDecoder();
    const frame = v2(position({ timeBootMs: 20_000 }), 7);
    const first = fixOf(decodeOne(frame, d, now));
    expect(fixOf(decodeOne(frame, d, now + 40)).readingId).toBe(first.readingId);
    // Rebooted: time since boot starts again; the same time_boot_ms is a new reading.
    fixOf(decodeOne(v2(position({ timeBootMs: 900_000 }), 7), d, now + 880_000));
    const again = fixOf(decodeOne(v2(position({ timeBootMs: 20_000 }), 7), d, now + 900_000));
    expect(again.readingId).not.toBe(first.readingId);
    expect(again.t).toBe(now + 900_000);
  });
});

describe('battery and presence', () => {
  it('carries SYS_STATUS battery_remaining on the next fixes; −1 is unknown', () => {
    const d = createMavlinkDecoder();
    expect(decodeOne(v2(sysStatus(64), 7), d).only.decoded).toMatchObject({ records: [], rejections: [] });
    expect(fixOf(decodeOne(v2(position(), 7), d)).bat).toBe(64);
    decodeOne(v2(sysStatus(-1), 7), d);
    expect(fixOf(decodeOne(v2(position({ timeBootMs: 601_000 }), 7), d)).bat).toBeNull();
  });

  it('takes BATTERY_STATUS of the main pack, and refuses a percentage over 100', () => {
    const d = createMavlinkDecoder();
    const main = new common.BatteryStatus();
    main.batteryRemaining = 41;
    main.voltages = Array(10).fill(65535) as number[];
    decodeOne(v2(main, 7), d);
    expect(fixOf(decodeOne(v2(position(), 7), d)).bat).toBe(41);
    expect(reasonOf(decodeOne(v2(sysStatus(120), 7), d))).toBe('out_of_range');
  });

  it('reads a vehicle HEARTBEAT as online and ignores a ground station’s', () => {
    expect(decodeOne(v2(heartbeat(), 7)).only.decoded.records).toEqual([
      { kind: 'status', droneId: 'd-open', online: true, t: now },
    ]);
    expect(decodeOne(v2(heartbeat(minimal.MavType.GCS), 7)).only.decoded.records).toEqual([]);
  });

  it('counts messages it does not read and makes no rows of them', () => {
    const att = new common.Attitude();
    const r = createMavlinkDecoder().decode(v2(att, 7), now, lookup);
    expect(r.frames).toEqual([]);
    expect(r.counts.get('ignored')).toBe(1);
  });
});

function gimbalStatus(pitch: number, yaw = 0, over: Partial<common.GimbalDeviceAttitudeStatus> = {}) {
  return Object.assign(new common.GimbalDeviceAttitudeStatus(), {
    timeBootMs: 600_000,
    flags: common.GimbalDeviceFlags.ROLL_LOCK | common.GimbalDeviceFlags.PITCH_LOCK | common.GimbalDeviceFlags.YAW_LOCK,
    q: pitchYawQuaternion(pitch, yaw),
    ...over,
  });
}
const mountStatus = (pointingA: number) => Object.assign(new ardupilotmega.MountStatus(), { pointingA });
/** MAV_COMP_ID_GIMBAL: a gimbal device sends under the aircraft's system id with its own component id. */
const GIMBAL = 154;
const v2From = (msg: MavLinkData, sysid: number, compid: number) =>
  new MavLinkProtocolV2(sysid, compid).serialize(msg, seq++ & 0xff);

describe('gimbal pitch → the next fixes', () => {
  it('carries GIMBAL_DEVICE_ATTITUDE_STATUS’s pitch on a position, whatever its yaw and yaw frame', () => {
    const d = createMavlinkDecoder();
    const r = decodeOne(v2From(gimbalStatus(-45, 120), 7, GIMBAL), d);
    expect(r.only.decoded).toMatchObject({ records: [], rejections: [], droneId: 'd-open' });
    expect(r.counts.get('gimbal_device_attitude_status')).toBe(1);
    expect(fixOf(decodeOne(v2(position(), 7), d, now + 500)).gimbalPitch).toBeCloseTo(-45, 2);
    const earth = gimbalStatus(-60, -30, { flags: common.GimbalDeviceFlags.YAW_IN_EARTH_FRAME, deltaYaw: 0.4 });
    decodeOne(v2From(earth, 7, GIMBAL), d, now + 600);
    expect(fixOf(decodeOne(v2(position({ timeBootMs: 601_000 }), 7), d, now + 1_000)).gimbalPitch).toBeCloseTo(-60, 2);
  });

  it('reads MOUNT_STATUS pointing_a as centidegrees (MAVLink 1 and 2)', () => {
    const d = createMavlinkDecoder();
    const r = decodeOne(v2(mountStatus(-3_550), 7), d);
    expect(r.counts.get('mount_status')).toBe(1);
    expect(fixOf(decodeOne(v2(position(), 7), d)).gimbalPitch).toBe(-35.5);
    decodeOne(v1(mountStatus(-9_000), 7), d);
    expect(fixOf(decodeOne(v1(position({ timeBootMs: 601_000 }), 7), d)).gimbalPitch).toBe(-90);
  });

  it('gives null without a gimbal message, and once the last one is over 3 s old', () => {
    const d = createMavlinkDecoder();
    expect(fixOf(decodeOne(v2(position(), 7), d)).gimbalPitch).toBeNull();
    decodeOne(v2From(gimbalStatus(-30), 7, GIMBAL), d, now);
    expect(fixOf(decodeOne(v2(position({ timeBootMs: 603_000 }), 7), d, now + 3_000)).gimbalPitch).toBeCloseTo(-30, 2);
    expect(fixOf(decodeOne(v2(position({ timeBootMs: 603_100 }), 7), d, now + 3_100)).gimbalPitch).toBeNull();
  });

  it('keeps each system’s pitch to its own fixes', () => {
    const d = createMavlinkDecoder();
    decodeOne(v2From(gimbalStatus(-20), 7, GIMBAL), d);
    expect(fixOf(decodeOne(v2(position(), 9, { key: KEY }), d)).gimbalPitch).toBeNull();
  });

  it('refuses and counts a pitch outside −120..+60 or a quaternion that is no attitude, keeping the last good pitch', () => {
    const d = createMavlinkDecoder();
    decodeOne(v2(mountStatus(-4_000), 7), d);
    const up = decodeOne(v2From(gimbalStatus(75), 7, GIMBAL), d);
    expect(up.only.decoded.rejections[0]).toMatchObject({
      reason: 'out_of_range',
      detail: expect.stringMatching(/75\.00° outside/),
    });
    expect(up.counts.get('gimbal_device_attitude_status')).toBeUndefined();
    expect(reasonOf(decodeOne(v2(mountStatus(-13_000), 7), d))).toBe('out_of_range');
    expect(reasonOf(decodeOne(v2From(gimbalStatus(0, 0, { q: [0, 0, 0, 0] }), 7, GIMBAL), d))).toBe('invalid_schema');
    expect(reasonOf(decodeOne(v2From(gimbalStatus(0, 0, { q: [Number.NaN, 0, 1, 0] }), 7, GIMBAL), d))).toBe(
      'invalid_schema',
    );
    expect(fixOf(decodeOne(v2(position(), 7), d)).gimbalPitch).toBe(-40);
  });

  it('reads MAVLink 2 payloads cut after their last non-zero byte', () => {
    // q = (cos 22.5°, 0, −sin 22.5°, 0), every field after q[2] zero: 16 of the 49 payload bytes are sent.
    const g = v2From(gimbalStatus(-45, 0, { timeBootMs: 1, flags: 0 as common.GimbalDeviceFlags }), 7, GIMBAL);
    expect(g[1]).toBe(16);
    expect(g.length).toBe(10 + 16 + 2);
    // MOUNT_STATUS with only pointing_a: 4 of 15 bytes.
    const m = v2(mountStatus(-2_000), 7);
    expect(m[1]).toBe(4);
    const d = createMavlinkDecoder();
    expect(decodeOne(g, d).only.decoded.rejections).toEqual([]);
    expect(fixOf(decodeOne(v2(position(), 7), d)).gimbalPitch).toBeCloseTo(-45, 2);
    expect(decodeOne(m, d).only.decoded.rejections).toEqual([]);
    expect(fixOf(decodeOne(v2(position({ timeBootMs: 601_000 }), 7), d)).gimbalPitch).toBe(-20);
  });

  it('forgets a system’s pitch when its registration changes', () => {
    const d = createMavlinkDecoder();
    decodeOne(v2(mountStatus(-4_000), 7), d);
    d.forget(7);
    expect(fixOf(decodeOne(v2(position(), 7), d)).gimbalPitch).toBeNull();
  });
});

describe('signing', () => {
  it('accepts a frame signed with the drone’s key, with its id from the signature timestamp', () => {
    const r = decodeOne(v2(position(), 9, { key: KEY, timestampMs: now }));
    expect(fixOf(r)).toMatchObject({ droneId: 'd-signed', lat: 28.9512345 });
  });

  it('refuses an unsigned frame from a drone that signs', () => {
    expect(reasonOf(decodeOne(v2(position(), 9)))).toBe('unsigned');
    expect(reasonOf(decodeOne(v1(position(), 9)))).toBe('unsigned');
  });

  it('refuses a frame signed with another key', () => {
    expect(reasonOf(decodeOne(v2(position(), 9, { key: randomBytes(32) })))).toBe('bad_signature');
  });

  it('refuses a replayed (older) signature timestamp on the same link, but lets the same frame again through', () => {
    const d = createMavlinkDecoder();
    const late = v2(position({ timeBootMs: 2_000 }), 9, { key: KEY, timestampMs: now });
    expect(decodeOne(late, d).only.decoded.rejections).toEqual([]);
    expect(decodeOne(late, d).only.decoded.rejections).toEqual([]);
    const older = v2(position({ timeBootMs: 1_000 }), 9, { key: KEY, timestampMs: now - 1000 });
    expect(reasonOf(decodeOne(older, d))).toBe('bad_signature');
  });

  it('accepts signed frames from a drone that does not require signing', () => {
    expect(fixOf(decodeOne(v2(position(), 7, { key: randomBytes(32) }))).droneId).toBe('d-open');
  });

  it('refuses every frame of a signing drone whose key cannot be opened', () => {
    const broken = new Map([[11, { droneId: 'd-x', systemId: 11, signingKey: null, keyProblem: 'wrong key' }]]);
    const r = createMavlinkDecoder().decode(v2(position(), 11, { key: KEY }), now, (id) => broken.get(id));
    expect(r.frames[0]!.decoded.rejections[0]).toMatchObject({ reason: 'bad_signature', detail: 'wrong key' });
  });
});

describe('bad frames', () => {
  it('refuses a bad CRC, keeping the frame as hex', () => {
    const frame = v2(position(), 7);
    frame[12] = frame[12]! ^ 0xff;
    const r = decodeOne(frame);
    expect(r.only.decoded.rejections[0]).toMatchObject({
      reason: 'bad_crc',
      payload: frame.toString('hex'),
      payloadBytes: frame.length,
    });
  });

  it('refuses a truncated frame', () => {
    const frame = v2(position(), 7);
    expect(reasonOf(decodeOne(frame.subarray(0, frame.length - 3)))).toBe('truncated');
    expect(reasonOf(decodeOne(frame.subarray(0, 5)))).toBe('truncated');
  });

  it('refuses an unknown system id', () => {
    const r = decodeOne(v2(position(), 200));
    expect(r.only.decoded).toMatchObject({ droneId: undefined, rejections: [{ reason: 'unknown_drone' }] });
  });

  it('refuses bytes that are not MAVLink', () => {
    expect(reasonOf(decodeOne(Buffer.from('{"v":1}')))).toBe('not_mavlink');
  });

  it('reads every frame of a datagram and keeps the good ones around a bad one', () => {
    const bad = v2(position(), 7);
    bad[14] = bad[14]! ^ 0x01;
    const datagram = Buffer.concat([
      v2(position({ timeBootMs: 1_000 }), 7),
      bad,
      Buffer.from([0x00, 0x11]),
      v2(position({ timeBootMs: 2_000 }), 7),
    ]);
    const r = createMavlinkDecoder().decode(datagram, now, lookup);
    expect(r.frames.map((f) => f.decoded.records[0]?.kind ?? f.decoded.rejections[0]?.reason)).toEqual([
      'fix',
      'bad_crc',
      'not_mavlink',
      'fix',
    ]);
  });
});
