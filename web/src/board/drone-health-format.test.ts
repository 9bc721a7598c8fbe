import { describe, expect, it } from 'vitest';
import type { BoardDroneHealthItem } from '@lookout/contracts';
import { healthKey, newHealthItems } from './drone-health-format.ts';

function item(over: Partial<BoardDroneHealthItem> = {}): BoardDroneHealthItem {
  return {
    droneId: 'dji-1',
    callsign: 'M3TD-EMO1',
    deviceSerial: '7CTDM4100BDEMO',
    code: '0x16100083',
    level: 2,
    module: 3,
    deviceType: '0-91-1',
    inTheSky: false,
    imminent: false,
    componentIndex: 0,
    sensorIndex: 0,
    firstAt: '2026-11-21T08:00:00.000Z',
    lastAt: '2026-11-21T08:01:00.000Z',
    active: true,
    reports: 2,
    ...over,
  };
}

describe('newHealthItems', () => {
  it('announces active items not seen, those in the sky first', () => {
    const ground = item({ code: 'a' });
    const sky = item({ code: 'b', inTheSky: true });
    expect(newHealthItems([ground, sky], new Set()).map((i) => i.code)).toEqual(['b', 'a']);
  });

  it('leaves out items already announced and past ones', () => {
    const seen = item();
    const past = item({ code: 'p', active: false });
    expect(newHealthItems([seen, past], new Set([healthKey(seen)]))).toEqual([]);
  });

  it('tells two components with the same code apart', () => {
    expect(healthKey(item({ componentIndex: 0 }))).not.toBe(healthKey(item({ componentIndex: 1 })));
  });
});
