import { describe, expect, it } from 'vitest';
import { isValidDroneId } from '../topics.ts';
import { DEMO_CENTRE, demoMissions } from './demo-area.ts';
import { metresBetween } from './flight-pattern.ts';

describe('demoMissions', () => {
  it('flies three drones within a few km of 笔架山, one of them sending DJI osd', () => {
    const m = demoMissions();
    expect(m.map((d) => d.callsign)).toEqual(['鹰眼-1', '鹰眼-2', '鹰眼-3']);
    expect(m.filter((d) => d.djiOsd)).toHaveLength(1);
    for (const d of m) {
      for (const p of [d.home, ...d.route]) expect(metresBetween(DEMO_CENTRE, p)).toBeLessThan(4_000);
    }
  });

  it('gives every drone a distinct id that is a valid MQTT username and topic level', () => {
    const m = demoMissions(7);
    expect(new Set(m.map((d) => d.id)).size).toBe(7);
    expect(new Set(m.map((d) => d.callsign)).size).toBe(7);
    for (const d of m) expect(isValidDroneId(d.id)).toBe(true);
  });
});
