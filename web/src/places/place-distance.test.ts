import { describe, expect, it } from 'vitest';
import { placeDistanceText } from './place-distance.ts';

const t = (key: string, o: Record<string, unknown>) => `${key}:${Object.values(o).join()}`;

describe('placeDistanceText', () => {
  it('says metres to the nearest ten under a kilometre', () => {
    expect(placeDistanceText(347, t)).toBe('places.metres:350');
  });

  it('says kilometres with one decimal under ten, whole above', () => {
    expect(placeDistanceText(2440, t)).toBe('places.km:2.4');
    expect(placeDistanceText(23_600, t)).toBe('places.km:24');
  });
});
