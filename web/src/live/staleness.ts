/**
 * How old a report is, as an i18n key and a count, so the text stays in the locale files:
 * `age.seconds` → "{{count}} 秒前" / "{{count}} s ago".
 */
export interface AgeText {
  key: 'age.now' | 'age.seconds' | 'age.minutes' | 'age.hours' | 'age.days';
  count: number;
}

export function ageText(ageMs: number): AgeText {
  const s = Math.max(0, Math.floor(ageMs / 1000));
  if (s < 1) return { key: 'age.now', count: 0 };
  if (s < 60) return { key: 'age.seconds', count: s };
  const m = Math.floor(s / 60);
  if (m < 60) return { key: 'age.minutes', count: m };
  const h = Math.floor(m / 60);
  if (h < 24) return { key: 'age.hours', count: h };
  return { key: 'age.days', count: Math.floor(h / 24) };
}

/** A drone is stale when its last fix is more than `staleAfterS` old (or it never reported). */
export function isStale(lastT: number | null, now: number, staleAfterS: number): boolean {
  if (lastT === null) return true;
  return now - lastT > staleAfterS * 1000;
}
