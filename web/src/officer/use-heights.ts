import { useEffect, useState } from 'react';
import type { TerrainConfig } from '@lookout/contracts';
import { elevationAt } from '../map/core/terrain-elevation.ts';
import type { Heights } from './guidance.ts';

/** ~10 m: a new fix closer than that to the last one asks for no new height. */
const round = (v: number) => Math.round(v * 10_000) / 10_000;
const RETRY_MS = 15_000;

/**
 * The ground's height at the officer and at the target from the station's terrain tiles; null without terrain,
 * outside it, or before both are known.
 */
export function useHeights(
  terrain: TerrainConfig | null,
  me: { lon: number; lat: number } | null,
  target: [number, number] | null,
): Heights | null {
  const [found, setFound] = useState<{ key: string; heights: Heights | null } | null>(null);
  const meLon = me ? round(me.lon) : null;
  const meLat = me ? round(me.lat) : null;
  const toLon = target?.[0] ?? null;
  const toLat = target?.[1] ?? null;
  useEffect(() => {
    if (!terrain || meLon === null || meLat === null || toLon === null || toLat === null) return;
    const key = `${toLon},${toLat}`;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const look = () =>
      void Promise.all([elevationAt(terrain, meLon, meLat), elevationAt(terrain, toLon, toLat)]).then(
        ([fromM, toM]) => {
          if (!live) return;
          setFound({ key, heights: fromM === null || toM === null ? null : { fromM, toM } });
          // A tile not had (no signal, not cached): look again while he stands still.
          if (fromM === null || toM === null) retry = setTimeout(look, RETRY_MS);
        },
      );
    look();
    return () => {
      live = false;
      clearTimeout(retry);
    };
  }, [terrain, meLon, meLat, toLon, toLat]);
  // While a moved fix is looked up the last heights stand (he is ~10 m from there); another target's never do.
  return terrain && me && found?.key === `${toLon},${toLat}` ? found.heights : null;
}
