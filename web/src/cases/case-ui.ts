import { getMap } from '../map/core/map-instance.ts';
import { fromMap } from '../map/core/datum.ts';

export function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The next click on the map, as [lon, lat]; the cursor shows a crosshair meanwhile. */
export function pickOnMap(done: (p: [number, number]) => void): void {
  const map = getMap();
  if (!map) return;
  map.getCanvas().style.cursor = 'crosshair';
  map.once('click', (e) => {
    map.getCanvas().style.cursor = '';
    const p = fromMap(e.lngLat);
    done([Number(p.lon.toFixed(6)), Number(p.lat.toFixed(6))]);
  });
}

/** 119 米 / 1.9 公里 (or m / km): the i18n keys `cases.metres` and `cases.km`. */
export function distanceText(m: number, t: (key: string, o: Record<string, unknown>) => string): string {
  return m < 1000 ? t('cases.metres', { m: Math.round(m) }) : t('cases.km', { km: (m / 1000).toFixed(1) });
}
