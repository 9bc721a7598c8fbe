import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, rejectReasons } from './index.ts';

const now = Date.parse('2026-11-21T08:00:00Z');
const topicArb = fc.constantFrom(
  'lookout/v1/drones/d1/telemetry',
  'lookout/v1/drones/d1/sightings',
  'lookout/v1/drones/d1/status',
  'lookout/v1/drones/d1/dji/osd',
  'lookout/v1/drones/d1/other',
);

/** Values that look almost right: the valid shape with random replacements. */
const nearlyValidFix = fc.record({
  v: fc.oneof(fc.constant(1), fc.anything()),
  id: fc.oneof(fc.uuid(), fc.string()),
  t: fc.oneof(
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.string(),
  ),
  lon: fc.oneof(fc.double(), fc.string(), fc.constant(null)),
  lat: fc.oneof(fc.double(), fc.integer()),
  bat: fc.oneof(fc.double(), fc.constant(null)),
  hdg: fc.double(),
});
const nearlyValidDji = fc.record({
  tid: fc.oneof(fc.string(), fc.constant(null)),
  timestamp: fc.oneof(fc.integer(), fc.double(), fc.string()),
  data: fc.oneof(
    fc.record({ latitude: fc.double(), longitude: fc.double(), attitude_head: fc.double(), battery: fc.anything() }),
    fc.anything(),
  ),
});

function assertWellFormed(r: ReturnType<typeof decodeMessage>): void {
  for (const rej of r.rejections) expect(rejectReasons).toContain(rej.reason);
  for (const rec of r.records) {
    if (rec.kind === 'fix' || rec.kind === 'sighting') {
      expect(Number.isFinite(rec.lat) && rec.lat >= -90 && rec.lat <= 90).toBe(true);
      expect(Number.isFinite(rec.lon) && rec.lon >= -180 && rec.lon <= 180).toBe(true);
      expect(rec.t - now).toBeLessThanOrEqual(5 * 60_000);
      expect(rec.readingId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    if (rec.kind === 'fix' && rec.hdg !== null) expect(rec.hdg >= 0 && rec.hdg < 360).toBe(true);
  }
}

describe('decoders under random input', () => {
  it('never throw on random bytes', () => {
    fc.assert(
      fc.property(topicArb, fc.uint8Array({ maxLength: 512 }), (topic, bytes) => {
        const r = decodeMessage(topic, Buffer.from(bytes), { now });
        expect(r.records.length + r.rejections.length).toBeGreaterThanOrEqual(0);
        assertWellFormed(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throw on random JSON and keep every stored value in range', () => {
    fc.assert(
      fc.property(
        topicArb,
        fc.oneof(
          fc.jsonValue(),
          nearlyValidFix,
          fc.record({ v: fc.constant(1), fixes: fc.array(nearlyValidFix, { maxLength: 5 }) }),
          nearlyValidDji,
        ),
        (topic, value) => {
          assertWellFormed(decodeMessage(topic, Buffer.from(JSON.stringify(value) ?? 'null'), { now }));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('either stores or rejects a message, never both silently nothing (except an empty status)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'lookout/v1/drones/d1/telemetry',
          'lookout/v1/drones/d1/sightings',
          'lookout/v1/drones/d1/dji/osd',
        ),
        fc.string(),
        (topic, text) => {
          const r = decodeMessage(topic, Buffer.from(text), { now });
          expect(r.records.length + r.rejections.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
