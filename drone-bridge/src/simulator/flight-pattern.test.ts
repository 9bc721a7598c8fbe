import { describe, expect, it } from 'vitest';
import {
  advance,
  bearingTo,
  expandingSquare,
  lawnmower,
  metresBetween,
  startFlight,
  type LonLat,
} from './flight-pattern.ts';

const bijiashan: LonLat = [120.07, 28.95];

describe('lawnmower', () => {
  it('makes parallel legs of the given length, spaced apart, alternating direction', () => {
    const pts = lawnmower({
      corner: bijiashan,
      legBearing: 0,
      legM: 600,
      widthM: 300,
      spacingM: 100,
    });
    expect(pts).toHaveLength(8); // 4 tracks × 2 ends
    expect(metresBetween(pts[0]!, pts[1]!)).toBeCloseTo(600, 0);
    expect(metresBetween(pts[1]!, pts[2]!)).toBeCloseTo(100, 0);
    expect(bearingTo(pts[0]!, pts[1]!)).toBeCloseTo(0, 0);
    expect(bearingTo(pts[2]!, pts[3]!)).toBeCloseTo(180, 0);
    expect(bearingTo(pts[1]!, pts[2]!)).toBeCloseTo(90, 0);
  });

  it('rejects a zero track spacing', () => {
    expect(() =>
      lawnmower({
        corner: bijiashan,
        legBearing: 0,
        legM: 600,
        widthM: 300,
        spacingM: 0,
      }),
    ).toThrow(RangeError);
  });
});

describe('expandingSquare', () => {
  it('grows the legs 1,1,2,2,3 × spacing and turns right each time', () => {
    const pts = expandingSquare({
      centre: bijiashan,
      firstBearing: 0,
      spacingM: 50,
      legs: 5,
    });
    expect(pts[0]).toEqual(bijiashan);
    const legs = pts.slice(1).map((p, i) => metresBetween(pts[i]!, p));
    expect(legs.map((m) => Math.round(m))).toEqual([50, 50, 100, 100, 150]);
    expect(bearingTo(pts[1]!, pts[2]!)).toBeCloseTo(90, 0);
    expect(bearingTo(pts[2]!, pts[3]!)).toBeCloseTo(180, 0);
  });
});

describe('advance', () => {
  const route: LonLat[] = lawnmower({
    corner: bijiashan,
    legBearing: 45,
    legM: 200,
    widthM: 100,
    spacingM: 100,
  });

  it('moves speed × time along the route and heads to the next waypoint', () => {
    const s = advance(route, startFlight(route, 10), 5);
    expect(metresBetween(route[0]!, s.position)).toBeCloseTo(50, 0);
    expect(s.heading).toBeCloseTo(45, 0);
    expect(s.next).toBe(1);
  });

  it('turns the corner when a step passes a waypoint', () => {
    const s = advance(route, startFlight(route, 10), 25); // 200 m leg, then 50 m of the 100 m cross-leg
    expect(s.next).toBe(2);
    expect(metresBetween(route[1]!, s.position)).toBeCloseTo(50, 0);
    expect(s.heading).toBeCloseTo(135, 0);
  });

  it('stops at the end of an open route and loops a closed one', () => {
    const open = advance(route, startFlight(route, 10), 1_000);
    expect(open.done).toBe(true);
    expect(open.position).toEqual(route[route.length - 1]);
    const looped = advance(route, startFlight(route, 10), 1_000, true);
    expect(looped.done).toBe(false);
  });
});
