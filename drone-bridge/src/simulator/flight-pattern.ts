import { bearing } from '@turf/bearing';
import { destination } from '@turf/destination';
import { distance } from '@turf/distance';

/** WGS-84 `[lon, lat]` in degrees. */
export type LonLat = [number, number];

function move(from: LonLat, metres: number, bearingDeg: number): LonLat {
  const p = destination(from, metres, bearingDeg, { units: 'meters' }).geometry.coordinates;
  return [p[0]!, p[1]!];
}

/** Great-circle distance in metres. */
export function metresBetween(a: LonLat, b: LonLat): number {
  return distance(a, b, { units: 'meters' });
}

/** Initial bearing from `a` to `b`, degrees from true north in 0..360. */
export function bearingTo(a: LonLat, b: LonLat): number {
  return (bearing(a, b) + 360) % 360;
}

export interface LawnmowerOptions {
  /** One corner of the search box. */
  corner: LonLat;
  /** Direction of the long legs, degrees from true north. */
  legBearing: number;
  /** Length of each long leg, metres. */
  legM: number;
  /** How far the box extends to the right of the first leg, metres. */
  widthM: number;
  /** Track spacing (the sensor's sweep width), metres. */
  spacingM: number;
}

/**
 * Parallel-track ("lawnmower") search: long legs along `legBearing`, stepping `spacingM` to the right after each,
 * alternating direction, until `widthM` is covered. Returns the turn points, first leg start first.
 */
export function lawnmower(o: LawnmowerOptions): LonLat[] {
  if (o.spacingM <= 0 || o.legM <= 0 || o.widthM < 0) throw new RangeError('lawnmower: lengths must be positive');
  const right = (o.legBearing + 90) % 360;
  const tracks = Math.floor(o.widthM / o.spacingM) + 1;
  const points: LonLat[] = [];
  for (let i = 0; i < tracks; i++) {
    const start = move(o.corner, i * o.spacingM, right);
    const end = move(start, o.legM, o.legBearing);
    if (i % 2 === 0) points.push(start, end);
    else points.push(end, start);
  }
  return points;
}

export interface ExpandingSquareOptions {
  /** The datum (e.g. the last known point): the search starts here. */
  centre: LonLat;
  /** Direction of the first leg, degrees from true north. */
  firstBearing: number;
  /** Track spacing, metres: legs grow by this every second leg. */
  spacingM: number;
  /** Number of legs. */
  legs: number;
}

/**
 * Expanding-square search (IAMSAR): from the datum, legs of 1, 1, 2, 2, 3, 3 … × spacing, turning 90° right
 * after each. Returns the datum followed by each turn point.
 */
export function expandingSquare(o: ExpandingSquareOptions): LonLat[] {
  if (o.spacingM <= 0 || o.legs < 1) throw new RangeError('expandingSquare: spacing and legs must be positive');
  const points: LonLat[] = [o.centre];
  let here = o.centre;
  for (let i = 0; i < o.legs; i++) {
    const length = (Math.floor(i / 2) + 1) * o.spacingM;
    here = move(here, length, (o.firstBearing + 90 * i) % 360);
    points.push(here);
  }
  return points;
}

/** Where an aircraft is on its route and how it is moving. */
export interface FlightState {
  position: LonLat;
  /** Index of the waypoint it is flying to. */
  next: number;
  /** Degrees from true north, 0..360. */
  heading: number;
  /** Ground speed, m/s. */
  speed: number;
  /** True once the last waypoint was reached (a closed route never finishes). */
  done: boolean;
}

export function startFlight(route: readonly LonLat[], speed: number): FlightState {
  if (route.length === 0) throw new RangeError('startFlight: empty route');
  const first = route[0]!;
  const heading = route.length > 1 ? bearingTo(first, route[1]!) : 0;
  return {
    position: first,
    next: Math.min(1, route.length - 1),
    heading,
    speed,
    done: route.length === 1,
  };
}

/**
 * Fly `dtS` seconds along `route` at the state's speed, passing through as many waypoints as that distance covers.
 * With `loop`, the route closes back to its first point and the flight never finishes.
 */
export function advance(route: readonly LonLat[], state: FlightState, dtS: number, loop = false): FlightState {
  if (state.done) return { ...state, speed: 0 };
  let budget = state.speed * dtS;
  let position = state.position;
  let next = state.next;
  let heading = state.heading;
  // A bounded number of hops: a route of zero-length legs cannot spin forever.
  for (let hops = 0; hops <= route.length + 1; hops++) {
    const target = route[next]!;
    const gap = metresBetween(position, target);
    if (gap > 1e-6) heading = bearingTo(position, target);
    if (gap > budget) {
      return {
        position: move(position, budget, heading),
        next,
        heading,
        speed: state.speed,
        done: false,
      };
    }
    budget -= gap;
    position = target;
    if (next === route.length - 1) {
      if (!loop) return { position, next, heading, speed: 0, done: true };
      next = 0;
    } else {
      next += 1;
    }
  }
  return { position, next, heading, speed: state.speed, done: false };
}
