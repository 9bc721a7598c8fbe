/**
 * Where an officer stands against his sector: inside or not, and the nearest point of its outline. A sector is at
 * most a few kilometres across, so a local flat projection around the officer (metres east and north) is exact to
 * well under a metre there; the bearing and distance shown are then computed with turf from the WGS-84 point.
 */

export type LonLat = [number, number];

const M_PER_DEG_LAT = 111_320;

/** Ray casting on the outer ring (WGS-84 degrees; a sector never spans the antimeridian). */
export function insideRing(p: LonLat, ring: readonly LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The point of the ring's outline nearest to `p`, in WGS-84. */
export function nearestOnRing(p: LonLat, ring: readonly LonLat[]): LonLat {
  const kx = M_PER_DEG_LAT * Math.cos((p[1] * Math.PI) / 180);
  const toXY = (q: LonLat): [number, number] => [(q[0] - p[0]) * kx, (q[1] - p[1]) * M_PER_DEG_LAT];
  let best: [number, number] = toXY(ring[0]!);
  let bestD = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = toXY(ring[i]!);
    const b = toXY(ring[i + 1]!);
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(a[0] * dx + a[1] * dy) / len2));
    const q: [number, number] = [a[0] + t * dx, a[1] + t * dy];
    const d = q[0] * q[0] + q[1] * q[1];
    if (d < bestD) {
      bestD = d;
      best = q;
    }
  }
  return [p[0] + best[0] / kx, p[1] + best[1] / M_PER_DEG_LAT];
}
