/**
 * Nearby tips grouped for the liaison: two tips belong together when they are within `radiusM` of each other and
 * seen within `windowMin` minutes (single linkage, so a chain of sightings along a street stays one group).
 * Pure; the list is small (tens to a few hundred tips per alert), so the pairwise pass is fine.
 */
export interface TipPoint {
  id: number | string;
  lon: number;
  lat: number;
  /** ISO time the tipper saw the child. */
  seenAt: string;
}

export interface TipGroup<T extends TipPoint> {
  tips: T[];
  /** Mean position of the group's tips. */
  centre: [number, number];
  firstSeen: string;
  lastSeen: string;
  /** Largest distance from the centre to a tip, metres. */
  spreadM: number;
}

const EARTH_M = 6_371_008.8;

export function distanceM(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function groupTips<T extends TipPoint>(tips: T[], radiusM = 300, windowMin = 60): TipGroup<T>[] {
  const parent = tips.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const times = tips.map((t) => Date.parse(t.seenAt));
  for (let i = 0; i < tips.length; i++) {
    for (let j = i + 1; j < tips.length; j++) {
      const close = distanceM([tips[i]!.lon, tips[i]!.lat], [tips[j]!.lon, tips[j]!.lat]) <= radiusM;
      const together = Math.abs(times[i]! - times[j]!) <= windowMin * 60_000;
      if (close && together) parent[find(i)] = find(j);
    }
  }
  const byRoot = new Map<number, T[]>();
  tips.forEach((t, i) => {
    const r = find(i);
    const list = byRoot.get(r) ?? [];
    list.push(t);
    byRoot.set(r, list);
  });
  const groups = [...byRoot.values()].map((list) => {
    list.sort((a, b) => Date.parse(b.seenAt) - Date.parse(a.seenAt));
    const centre: [number, number] = [
      list.reduce((s, t) => s + t.lon, 0) / list.length,
      list.reduce((s, t) => s + t.lat, 0) / list.length,
    ];
    return {
      tips: list,
      centre,
      firstSeen: list[list.length - 1]!.seenAt,
      lastSeen: list[0]!.seenAt,
      spreadM: Math.max(...list.map((t) => distanceM(centre, [t.lon, t.lat]))),
    };
  });
  // Biggest groups first (several people saw the same thing), then the most recent.
  return groups.sort((a, b) => b.tips.length - a.tips.length || Date.parse(b.lastSeen) - Date.parse(a.lastSeen));
}
