import { describe, expect, it } from 'vitest';
import { bridgeSubscriptions, droneIdOfTopic, parseInboundTopic, topics } from './topics.ts';

describe('topics', () => {
  it('parses each inbound kind', () => {
    expect(parseInboundTopic(topics.telemetry('d1'))).toEqual({ droneId: 'd1', kind: 'telemetry' });
    expect(parseInboundTopic(topics.sightings('d1'))).toEqual({ droneId: 'd1', kind: 'sightings' });
    expect(parseInboundTopic(topics.status('d1'))).toEqual({ droneId: 'd1', kind: 'status' });
    expect(parseInboundTopic(topics.djiOsd('d1'))).toEqual({ droneId: 'd1', kind: 'dji-osd' });
  });

  it('refuses other topics', () => {
    for (const t of [
      'lookout/v2/drones/d1/telemetry',
      'lookout/v1/drones/d1/acks',
      'lookout/v1/drones/d1',
      'x/y',
      'lookout/v1/drones/$x/telemetry',
    ]) {
      expect(parseInboundTopic(t)).toBeUndefined();
    }
  });

  it('finds the drone id of any topic under the root', () => {
    expect(droneIdOfTopic('lookout/v1/drones/abc/whatever')).toBe('abc');
    expect(droneIdOfTopic('other/abc')).toBeUndefined();
  });

  it('prefixes the shared group only when asked', () => {
    expect(bridgeSubscriptions(false)).toContain('lookout/v1/drones/+/telemetry');
    expect(bridgeSubscriptions(true).every((s) => s.startsWith('$share/lookout-bridge/'))).toBe(true);
    expect(bridgeSubscriptions(true)).toContain('$share/lookout-bridge/sys/product/+/status');
    expect(bridgeSubscriptions(true)).toContain('$share/lookout-bridge/lookout/v1/drones/+/dji/osd');
  });
});
