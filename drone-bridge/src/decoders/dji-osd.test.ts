import { describe, expect, it } from 'vitest';
import { decodeDjiOsd, djiHeading } from './dji-osd.ts';

const now = Date.parse('2026-11-21T08:00:00Z');
const envelope = (data: Record<string, unknown> = {}, over: Record<string, unknown> = {}) => ({
  tid: '6a7bfe89-c386-4043-b600-b518e10096cc',
  bid: '42a19f36-5117-4520-bd13-fd61d818d52e',
  timestamp: now - 1000,
  gateway: '4BXXXXXXXX',
  data: {
    latitude: 28.9,
    longitude: 120.01,
    height: 330.2,
    elevation: 60.5,
    attitude_head: -90,
    horizontal_speed: 7.5,
    vertical_speed: 0.4,
    battery: { capacity_percent: 81, remain_flight_time: 1200 },
    mode_code: 5,
    ...data,
  },
  ...over,
});
const buf = (v: unknown) => Buffer.from(JSON.stringify(v));

describe('decodeDjiOsd', () => {
  it('maps the aircraft OSD fields to a fix', () => {
    const r = decodeDjiOsd('d1', buf(envelope()), { now });
    expect(r.rejections).toEqual([]);
    expect(r.records[0]).toMatchObject({
      kind: 'fix',
      droneId: 'd1',
      src: 'dji',
      lat: 28.9,
      lon: 120.01,
      altEllipsoid: 330.2,
      altRel: 60.5,
      hdg: 270,
      gs: 7.5,
      vs: 0.4,
      bat: 81,
      t: now - 1000,
      droneSeq: null,
    });
  });

  it("takes the camera gimbal's pitch and the rangefinder from the payloads, none without a payload", () => {
    const withGimbal = decodeDjiOsd('d1', buf(envelope({ '81-0-0': { gimbal_pitch: -60, payload_index: '81-0-0' } })), {
      now,
    });
    expect(withGimbal.records[0]).toMatchObject({ gimbalPitch: -60 });
    const withLaser = decodeDjiOsd(
      'd1',
      buf(
        envelope({
          '52-0-0': { measure_target_error_state: 0, measure_target_latitude: 28.91, measure_target_longitude: 120.02 },
        }),
      ),
      { now },
    );
    expect(withLaser.records[0]).toMatchObject({ laser: { payloadIndex: '52-0-0', lat: 28.91, lon: 120.02 } });
    expect(decodeDjiOsd('d1', buf(envelope()), { now }).records[0]).toMatchObject({ gimbalPitch: null });
  });

  it('converts the ellipsoid height to MSL with EGM96 (the geoid is ~8.8 m up near the demo area)', () => {
    const r = decodeDjiOsd('d1', buf(envelope({ latitude: 28.95, longitude: 120.07, height: 100 })), { now });
    expect((r.records[0] as { altMsl: number }).altMsl).toBeCloseTo(91.2, 1);
  });

  it('derives the reading id from the device and timestamp: a redelivery is the same, one tid twice is not', () => {
    const a = decodeDjiOsd('d1', buf(envelope()), { now }).records[0] as { readingId: string };
    const b = decodeDjiOsd('d1', buf(envelope()), { now }).records[0] as { readingId: string };
    const c = decodeDjiOsd('d1', buf(envelope({}, { timestamp: now - 500 })), { now }).records[0] as {
      readingId: string;
    };
    const d = decodeDjiOsd('d2', buf(envelope()), { now }).records[0] as { readingId: string };
    expect(a.readingId).toBe(b.readingId);
    expect(a.readingId).not.toBe(c.readingId);
    expect(a.readingId).not.toBe(d.readingId);
    expect(a.readingId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('falls back to the timestamp when there is no tid', () => {
    const r = decodeDjiOsd('d1', buf(envelope({}, { tid: undefined })), { now });
    expect(r.records).toHaveLength(1);
  });

  it('turns attitude_head into 0..360', () => {
    expect(djiHeading(0)).toBe(0);
    expect(djiHeading(-180)).toBe(180);
    expect(djiHeading(179.5)).toBe(179.5);
    expect(djiHeading(-0.5)).toBe(359.5);
  });

  it.each([
    ['invalid_schema', envelope({ latitude: '28.9' })],
    ['invalid_schema', envelope({}, { timestamp: '1700000000000' })],
    ['invalid_schema', { tid: 'x', data: { latitude: 1, longitude: 2 } }],
    ['out_of_range', envelope({ latitude: 91 })],
    ['out_of_range', envelope({ attitude_head: 200 })],
    ['out_of_range', envelope({ battery: { capacity_percent: 120 } })],
    ['future_time', envelope({}, { timestamp: now + 365 * 86400_000 })],
  ])('rejects %s', (reason, payload) => {
    expect(decodeDjiOsd('d1', buf(payload), { now }).rejections[0]!.reason).toBe(reason);
  });

  it('takes an aircraft at 0,0 (in its dock, no GPS) as no fix and no error', () => {
    expect(decodeDjiOsd('d1', buf(envelope({ latitude: 0, longitude: 0 })), { now })).toEqual({
      records: [],
      rejections: [],
    });
  });

  it('rejects text that is not JSON', () => {
    expect(decodeDjiOsd('d1', Buffer.from('<osd/>'), { now }).rejections[0]!.reason).toBe('not_json');
  });
});
