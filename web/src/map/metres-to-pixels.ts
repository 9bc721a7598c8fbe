/**
 * Circle radius in pixels for a radius in metres kept in a feature property, as a zoom expression: metres per
 * pixel at zoom z are 156543.03 · cos(lat) / 2^z for 256-px tiles, half that in MapLibre's 512-px world.
 * `refLat` fixes the cosine; over one operation area the error is negligible.
 */
export function metresToPixels(refLat: number, prop: string): unknown {
  const mPerPxZ0 = (156_543.03 * Math.cos((refLat * Math.PI) / 180)) / 2;
  return [
    'interpolate',
    ['exponential', 2],
    ['zoom'],
    0,
    ['/', ['get', prop], mPerPxZ0],
    24,
    ['/', ['*', ['get', prop], 2 ** 24], mPerPxZ0],
  ];
}
