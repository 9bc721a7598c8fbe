import type { CoverageArea } from '@lookout/contracts';
import { describe, expect, it } from 'vitest';
import {
  areaText,
  BAND_COLOURS,
  bandColour,
  bandsInUse,
  GAP_COLOUR,
  lengthText,
  parseAltitude,
  percentText,
  planFigures,
  ring50Text,
  sortAreas,
} from './coverage-format.ts';

const area = (kind: 'ring' | 'sector', ref: string, label: string, shares: Partial<CoverageArea['shares']> = {}) =>
  ({
    kind,
    ref,
    label,
    areaM2: 1e6,
    shares: { good: 0, fair: 0, poor: 0, walk: 0, covered: 0, ...shares },
    thermal: 0,
    pod: 0,
  }) satisfies CoverageArea;

describe('percentText', () => {
  it('rounds a share to a whole percent', () => {
    expect(percentText(0.374)).toBe('37%');
  });
  it('says <1% for a little and 0% for nothing', () => {
    expect(percentText(0.001)).toBe('<1%');
    expect(percentText(0)).toBe('0%');
  });
  it('never says more than 100%', () => {
    expect(percentText(1.02)).toBe('100%');
  });
});

describe('areaText', () => {
  it('gives m² below a hectare and km² above', () => {
    expect(areaText(812.4)).toBe('812 m²');
    expect(areaText(420_000)).toBe('0.42 km²');
    expect(areaText(12_340_000)).toBe('12.3 km²');
  });
});

describe('lengthText', () => {
  it('gives metres below a kilometre and km above', () => {
    expect(lengthText(640)).toBe('640 m');
    expect(lengthText(5230)).toBe('5.2 km');
  });
});

describe('band colours', () => {
  it('gives every band its own colour, none the gaps’ red', () => {
    const colours = Object.values(BAND_COLOURS);
    expect(new Set(colours).size).toBe(4);
    expect(colours).not.toContain(GAP_COLOUR);
    expect(bandColour('good')).toBe(BAND_COLOURS.good);
  });
});

describe('bandsInUse', () => {
  it('lists only the bands some area has a share in, in the contract’s order', () => {
    expect(bandsInUse([area('ring', '50', '50%', { walk: 0.1 }), area('ring', '25', '25%', { good: 0.2 })])).toEqual([
      'good',
      'walk',
    ]);
  });
});

describe('sortAreas', () => {
  it('puts rings first from the smallest percent, then sectors by name with numbers in order', () => {
    const sorted = sortAreas([
      area('sector', 's10', 'A10'),
      area('ring', '75', '75%'),
      area('sector', 's2', 'A2'),
      area('ring', '25', '25%'),
    ]);
    expect(sorted.map((a) => a.label)).toEqual(['25%', '75%', 'A2', 'A10']);
  });
});

describe('planFigures', () => {
  it('rounds the spacing and gives minutes with a decimal under ten', () => {
    expect(
      planFigures({ spacingM: 86.4, passes: 7, lengthM: 4120, minutes: 8.58, altitudeM: 60, hfovDeg: 84 }),
    ).toEqual({ spacing: '86 m', passes: 7, length: '4.1 km', minutes: '8.6', altitude: '60 m' });
  });
});

describe('parseAltitude', () => {
  it('takes a height the plan accepts', () => {
    expect(parseAltitude(' 80 ')).toBe(80);
  });
  it('refuses nothing, text and heights out of 10–500 m', () => {
    for (const s of ['', 'abc', '5', '501']) expect(parseAltitude(s), s).toBeNull();
  });
});

describe('ring50Text', () => {
  it('gives the board the 50 % ring’s share, and nothing when the case has no 50 % ring', () => {
    expect(ring50Text(0.37)).toBe('37%');
    expect(ring50Text(0)).toBe('0%');
    expect(ring50Text(null)).toBeNull();
  });
});
