import { describe, expect, it } from 'vitest';
import type { HmsRow } from './drone-health.repo.ts';
import { droneHealthItems } from './drone-health.ts';

const now = new Date('2026-11-21T08:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000).toISOString();

function row(over: Partial<HmsRow> = {}): HmsRow {
  return {
    deviceSerial: '7CTDM4100BDEMO',
    droneId: 'dji-1581f6q8d24demo1',
    callsign: 'M3TD-EMO1',
    code: '0x16100083',
    level: 2,
    data: { level: 2, module: 3, in_the_sky: 1, imminent: 0, device_type: '0-91-1', args: { component_index: 1 } },
    firstAt: ago(600),
    lastAt: ago(30),
    reports: 10,
    ...over,
  };
}

describe('droneHealthItems', () => {
  it('reads the DJI item: module, in the sky, device type, component', () => {
    const [item] = droneHealthItems([row()], now);
    expect(item).toMatchObject({
      callsign: 'M3TD-EMO1',
      module: 3,
      inTheSky: true,
      imminent: false,
      deviceType: '0-91-1',
      componentIndex: 1,
      sensorIndex: null,
      active: true,
    });
  });

  it('shows an item not reported for two minutes as past', () => {
    expect(droneHealthItems([row({ lastAt: ago(121) })], now)[0]!.active).toBe(false);
    expect(droneHealthItems([row({ lastAt: ago(119) })], now)[0]!.active).toBe(true);
  });

  it('puts active items first, those in the sky before those on the ground, then the latest', () => {
    const past = row({ code: 'past', lastAt: ago(300) });
    const ground = row({ code: 'ground', lastAt: ago(5), data: { in_the_sky: 0 } });
    const sky = row({ code: 'sky', lastAt: ago(60) });
    expect(droneHealthItems([past, ground, sky], now).map((i) => i.code)).toEqual(['sky', 'ground', 'past']);
  });
});
