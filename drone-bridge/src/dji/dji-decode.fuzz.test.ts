import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDjiMessage } from './dji-decode.ts';
import { djiTopics } from './dji-topics.ts';

const now = Date.parse('2026-11-21T08:00:00Z');
const topics = [
  djiTopics.osd('AC1'),
  djiTopics.status('RC1'),
  djiTopics.events('DK1'),
  djiTopics.requests('DK1'),
  djiTopics.state('AC1'),
];

describe('DJI decoding under fuzzed input', () => {
  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...topics), fc.uint8Array({ maxLength: 512 }), (topic, bytes) => {
        expect(() => decodeDjiMessage(topic, Buffer.from(bytes), { now })).not.toThrow();
      }),
    );
  });

  it('never throws on fuzzed OSD, topology and event envelopes', () => {
    const anyValue = fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constant(null), fc.boolean());
    const osd = fc.record({
      latitude: anyValue,
      longitude: anyValue,
      height: anyValue,
      battery: fc.oneof(fc.record({ capacity_percent: anyValue }), anyValue),
    });
    const envelope = fc.record({
      tid: fc.oneof(fc.string(), fc.constant(null)),
      timestamp: fc.oneof(fc.integer({ min: now - 1e9, max: now + 1e9 }), anyValue),
      method: fc.constantFrom('update_topo', 'hms', 'flighttask_progress', 'config', 'other'),
      need_reply: fc.constantFrom(0, 1, 'x'),
      data: fc.oneof(
        osd,
        fc.record({ sub_devices: fc.array(fc.record({ sn: fc.string() })) }),
        fc.record({ list: fc.array(fc.record({ level: anyValue, code: anyValue })) }),
        anyValue,
      ),
    });
    fc.assert(
      fc.property(fc.constantFrom(...topics), envelope, (topic, env) => {
        const r = decodeDjiMessage(topic, Buffer.from(JSON.stringify(env)), { now });
        expect(r).toBeDefined();
        for (const rec of r!.records) if (rec.kind === 'dji-osd') expect(typeof rec.data).toBe('object');
      }),
    );
  });
});
