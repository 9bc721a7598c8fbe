import fc from 'fast-check';
import { ardupilotmega, common, MavLinkProtocolV2, type MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { rejectReasons } from '../decoders/types.ts';
import { createMavlinkDecoder, type DatagramResult, type MavlinkSystem } from './mavlink-decoder.ts';

const KEY = Buffer.alloc(32, 7);
const systems = new Map<number, MavlinkSystem>([
  [1, { droneId: 'd-1', systemId: 1, signingKey: null }],
  [2, { droneId: 'd-2', systemId: 2, signingKey: KEY }],
]);
const lookup = (id: number) => systems.get(id);
const now = Date.parse('2026-11-21T08:00:00Z');

function assertWellFormed(r: DatagramResult): void {
  for (const f of r.frames) {
    for (const rej of f.decoded.rejections) expect(rejectReasons).toContain(rej.reason);
    for (const rec of f.decoded.records) {
      if (rec.kind !== 'fix') continue;
      expect(rec.lat >= -90 && rec.lat <= 90 && rec.lon >= -180 && rec.lon <= 180).toBe(true);
      expect(rec.hdg === null || (rec.hdg >= 0 && rec.hdg < 360)).toBe(true);
      expect(Number.isFinite(rec.t)).toBe(true);
      const pitch = rec.gimbalPitch ?? null;
      expect(pitch === null || (pitch >= -120 && pitch <= 60)).toBe(true);
    }
  }
}

const int32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
const int16 = fc.integer({ min: -(2 ** 15), max: 2 ** 15 - 1 });
const positionArb = fc.record({
  timeBootMs: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  lat: int32,
  lon: int32,
  alt: int32,
  relativeAlt: int32,
  vx: int16,
  vy: int16,
  vz: int16,
  hdg: fc.integer({ min: 0, max: 65535 }),
});

function frame(fields: Record<string, number>, sysid: number, signed: boolean): Buffer {
  return encoded(Object.assign(new common.GlobalPositionInt(), fields), sysid, signed);
}
function encoded(m: MavLinkData, sysid: number, signed: boolean): Buffer {
  const p = new MavLinkProtocolV2(sysid, 1, signed ? MavLinkProtocolV2.IFLAG_SIGNED : 0);
  const buf = p.serialize(m, 0);
  return signed ? p.sign(buf, 1, KEY, now) : buf;
}

describe('MAVLink decoder fuzz', () => {
  it('never throws on random bytes', () => {
    const d = createMavlinkDecoder();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        assertWellFormed(d.decode(Buffer.from(bytes), now, lookup));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on valid frames with random bytes changed, cut or appended', () => {
    const d = createMavlinkDecoder();
    fc.assert(
      fc.property(
        positionArb,
        fc.constantFrom(1, 2, 3),
        fc.boolean(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        fc.nat(),
        fc.uint8Array({ maxLength: 40 }),
        (fields, sysid, signed, flips, cut, tail) => {
          const buf = Buffer.from(frame(fields, sysid, signed));
          for (const [at, value] of flips) buf[at % buf.length] = value;
          const datagram = Buffer.concat([buf.subarray(0, buf.length - (cut % 4)), Buffer.from(tail)]);
          assertWellFormed(d.decode(datagram, now, lookup));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('takes every gimbal message as a pitch in range or refuses it (out_of_range, invalid_schema)', () => {
    const d = createMavlinkDecoder();
    const f32 = fc.float({ noDefaultInfinity: false });
    const gimbal = fc.oneof(
      fc
        .tuple(fc.array(f32, { minLength: 4, maxLength: 4 }), fc.integer({ min: 0, max: 0xffff }))
        .map(([q, flags]) =>
          Object.assign(new common.GimbalDeviceAttitudeStatus(), { q, flags: flags as common.GimbalDeviceFlags }),
        ),
      // Unit quaternions: every attitude, up or down.
      fc
        .array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 })
        .filter((q) => Math.hypot(...q) > 0.01)
        .map((q) => Object.assign(new common.GimbalDeviceAttitudeStatus(), { q: q.map((c) => c / Math.hypot(...q)) })),
      int32.map((pointingA) => Object.assign(new ardupilotmega.MountStatus(), { pointingA })),
    );
    fc.assert(
      fc.property(gimbal, positionArb, (msg, fields) => {
        const r = d.decode(Buffer.concat([encoded(msg, 1, false), frame(fields, 1, false)]), now, lookup);
        assertWellFormed(r);
        const g = r.frames[0]!.decoded;
        expect(g.records).toEqual([]);
        for (const rej of g.rejections) expect(['out_of_range', 'invalid_schema']).toContain(rej.reason);
      }),
      { numRuns: 2000 },
    );
  });

  it('turns every well-formed position into a fix in range or an out_of_range rejection', () => {
    const d = createMavlinkDecoder();
    fc.assert(
      fc.property(positionArb, (fields) => {
        const r = d.decode(frame(fields, 1, false), now, lookup);
        assertWellFormed(r);
        const f = r.frames[0]!.decoded;
        expect(f.records.length + f.rejections.length).toBe(1);
        if (f.rejections.length) expect(f.rejections[0]!.reason).toBe('out_of_range');
      }),
      { numRuns: 2000 },
    );
  });
});
