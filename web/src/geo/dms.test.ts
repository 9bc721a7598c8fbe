import { describe, expect, it } from 'vitest';
import { formatDecimal, formatDms, toDmsParts } from './dms.ts';

describe('formatDms', () => {
  it('formats a northern latitude', () => {
    expect(formatDms(28.95, 'lat')).toBe('28°57′00.0″N');
  });

  it('formats an eastern longitude with seconds', () => {
    expect(formatDms(120.0712, 'lon')).toBe('120°04′16.3″E');
  });

  it('uses S and W for negative values', () => {
    expect(formatDms(-33.8568, 'lat')).toBe('33°51′24.5″S');
    expect(formatDms(-0.5, 'lon')).toBe('0°30′00.0″W');
  });

  it('carries rounded seconds into minutes and degrees', () => {
    expect(formatDms(28.99999999, 'lat')).toBe('29°00′00.0″N');
    expect(toDmsParts(10.0166666666, 'lon')).toEqual({ deg: 10, min: 1, sec: 0, hemisphere: 'E' });
  });

  it('honours the number of second digits', () => {
    expect(formatDms(28.95123, 'lat', 0)).toBe('28°57′04″N');
  });

  it('rejects non-finite input', () => {
    expect(() => formatDms(Number.NaN, 'lat')).toThrow(RangeError);
  });
});

describe('formatDecimal', () => {
  it('prints lat, lon with six decimals', () => {
    expect(formatDecimal(120.07, 28.95)).toBe('28.950000, 120.070000');
  });
});
