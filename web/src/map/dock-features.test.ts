import { describe, expect, it } from 'vitest';
import { dockFeatures } from './dock-features.ts';

const t = (key: string, opts?: Record<string, unknown>) => (opts?.h ? `${key}:${String(opts.h)}` : key);

describe('dockFeatures', () => {
  it('labels a dock with its state and its MSL height', () => {
    const [f] = dockFeatures(
      [
        {
          serial: '7CTDM4100BDEMO',
          lon: 120.07,
          lat: 28.95,
          heightEllipsoid: 48.5,
          heightMsl: 39.7,
          modeCode: 4,
          coverState: 1,
          droneInDock: false,
          stateAt: null,
        },
      ],
      t,
    ) as { properties: { label: string; working: boolean } }[];
    expect(f!.properties.label).toBe('map.dock DEMO · map.dockModes.4 · map.dockOut · map.heightMsl:39.7');
    expect(f!.properties.working).toBe(true);
  });
});
