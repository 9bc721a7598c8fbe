/** 350 米 / 2.4 公里 (or m / km) through the `places.metres` / `places.km` texts. */
export function placeDistanceText(m: number, t: (key: string, o: Record<string, unknown>) => string): string {
  if (m < 1000) return t('places.metres', { m: Math.round(m / 10) * 10 });
  return t('places.km', { km: m < 10_000 ? (m / 1000).toFixed(1) : Math.round(m / 1000) });
}
