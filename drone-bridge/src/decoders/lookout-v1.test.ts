import { describe, expect, it } from 'vitest';
import { decodeSighting, decodeStatus, decodeTelemetry, MAX_TELEMETRY_BYTES } from './lookout-v1.ts';

const now = Date.parse('2026-11-21T08:00:00Z');
const opts = { now };
const id = '01937a4e-8c2b-7def-8123-456789abcdef';

function fix(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    v: 1,
    id,
    seq: 7,
    t: '2026-11-21T07:59:59.250Z',
    src: 'sim',
    lon: 120.01,
    lat: 28.9,
    altMsl: 312.5,
    altRel: 60.2,
    hdg: 87,
    gimbalPitch: -75,
    gs: 6.2,
    vs: -0.3,
    bat: 64,
    ...over,
  };
}
const buf = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v));

describe('decodeTelemetry', () => {
  it('decodes one fix with every field', () => {
    const r = decodeTelemetry('d1', buf(fix()), opts);
    expect(r.rejections).toEqual([]);
    expect(r.records).toEqual([
      {
        kind: 'fix',
        droneId: 'd1',
        readingId: id,
        droneSeq: 7,
        t: Date.parse('2026-11-21T07:59:59.250Z'),
        src: 'sim',
        lon: 120.01,
        lat: 28.9,
        altMsl: 312.5,
        altRel: 60.2,
        hdg: 87,
        gimbalPitch: -75,
        gs: 6.2,
        vs: -0.3,
        bat: 64,
      },
    ]);
  });

  it('accepts a fix with only the required fields', () => {
    const r = decodeTelemetry('d1', buf({ v: 1, id, t: '2026-11-21T07:59:59Z', lon: 1, lat: 2 }), opts);
    expect(r.records[0]).toMatchObject({ altMsl: null, bat: null, droneSeq: null, src: null, gimbalPitch: null });
  });

  it('decodes a batch and rejects only its bad fixes', () => {
    const id2 = '01937a4e-8c2b-7def-8123-456789abcd02';
    const r = decodeTelemetry('d1', buf({ v: 1, fixes: [fix(), fix({ id: id2, lat: 91 })] }), opts);
    expect(r.records).toHaveLength(1);
    expect(r.rejections).toEqual([expect.objectContaining({ reason: 'out_of_range', id: id2 })]);
    expect(r.rejections[0]!.payload).toContain('"lat":91');
  });

  it.each([
    ['not_json', '{"v":1,'],
    ['not_json', '{"v":1,"id":"x","lat":NaN}'],
    ['not_json', '{"v":1,"lat":Infinity}'],
    ['invalid_schema', JSON.stringify(fix({ lat: '28.9' }))],
    ['invalid_schema', JSON.stringify(fix({ v: 2 }))],
    ['invalid_schema', JSON.stringify(fix({ id: 'not-a-uuid' }))],
    ['invalid_schema', JSON.stringify(fix({ t: '2026-11-21 08:00:00' }))],
    ['invalid_schema', JSON.stringify({ v: 1, id, t: '2026-11-21T07:59:59Z', lon: 1 })],
    ['invalid_schema', 'null'],
    ['invalid_schema', '[1,2]'],
    ['out_of_range', JSON.stringify(fix({ lat: 91 }))],
    ['out_of_range', JSON.stringify(fix({ lon: 181 }))],
    ['out_of_range', JSON.stringify(fix({ bat: 101 }))],
    ['out_of_range', JSON.stringify(fix({ hdg: -1 }))],
    ['out_of_range', JSON.stringify(fix({ gimbalPitch: -200 }))],
    ['invalid_schema', JSON.stringify(fix({ gimbalPitch: 'down' }))],
    ['future_time', JSON.stringify(fix({ t: '2027-11-21T08:00:00Z' }))],
    ['too_old', JSON.stringify(fix({ t: '2020-01-01T00:00:00Z' }))],
  ])('rejects %s: %s', (reason, payload) => {
    const r = decodeTelemetry('d1', Buffer.from(payload), opts);
    expect(r.records).toEqual([]);
    expect(r.rejections.map((x) => x.reason)).toEqual([reason]);
  });

  it('rejects an oversized payload before parsing it', () => {
    const r = decodeTelemetry('d1', Buffer.alloc(MAX_TELEMETRY_BYTES + 1, 0x20), opts);
    expect(r.rejections[0]!.reason).toBe('too_large');
  });

  it('allows a little clock skew into the future', () => {
    expect(decodeTelemetry('d1', buf(fix({ t: '2026-11-21T08:04:00Z' })), opts).records).toHaveLength(1);
  });

  it('keeps the reading id of a rejected fix so the drone can be told', () => {
    expect(decodeTelemetry('d1', buf(fix({ lat: 95 })), opts).rejections[0]!.id).toBe(id);
  });
});

describe('decodeSighting', () => {
  const sighting = (over: Record<string, unknown> = {}) => ({
    v: 1,
    id,
    t: '2026-11-21T07:59:00Z',
    lon: 120,
    lat: 28.9,
    uncM: 15,
    conf: 0.7,
    kind: 'group',
    count: 3,
    note: '红衣',
    ...over,
  });

  it('decodes a sighting with a JPEG photo', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    const r = decodeSighting('d1', buf(sighting({ photo: jpeg.toString('base64') })), opts);
    expect(r.records[0]).toMatchObject({ kind: 'sighting', sightingKind: 'group', count: 3, note: '红衣', conf: 0.7 });
    expect((r.records[0] as { photo: Buffer }).photo.equals(jpeg)).toBe(true);
  });

  it('defaults the kind to person', () => {
    expect(decodeSighting('d1', buf(sighting({ kind: undefined })), opts).records[0]).toMatchObject({
      sightingKind: 'person',
    });
  });

  it.each([
    ['invalid_schema', sighting({ kind: 'cat' })],
    ['invalid_schema', sighting({ photo: 'aGVsbG8=' })],
    ['invalid_schema', sighting({ photo: '@@@' })],
    ['out_of_range', sighting({ conf: 1.5 })],
    ['out_of_range', sighting({ lat: -91 })],
    ['future_time', sighting({ t: '2027-01-01T00:00:00Z' })],
  ])('rejects %s', (reason, payload) => {
    expect(decodeSighting('d1', buf(payload), opts).rejections[0]!.reason).toBe(reason);
  });

  it('rejects a photo over 2 MiB of base64 as too_large', () => {
    const r = decodeSighting('d1', buf(sighting({ photo: 'A'.repeat(2 * 1024 * 1024 + 4) })), opts);
    expect(r.rejections[0]!.reason).toBe('too_large');
  });
});

describe('decodeStatus', () => {
  it('decodes online and the Last Will', () => {
    expect(decodeStatus('d1', buf({ v: 1, online: true }), opts).records).toEqual([
      { kind: 'status', droneId: 'd1', online: true, t: now },
    ]);
    expect(decodeStatus('d1', buf({ online: false }), opts).records[0]).toMatchObject({ online: false });
  });

  it('ignores an empty (retained-clear) payload', () => {
    expect(decodeStatus('d1', Buffer.alloc(0), opts)).toEqual({ records: [], rejections: [] });
  });

  it('rejects a status without online', () => {
    expect(decodeStatus('d1', buf({ v: 1 }), opts).rejections[0]!.reason).toBe('invalid_schema');
  });
});
