import type { FigureChange } from '@lookout/contracts';

export type ChangeTone = 'up' | 'down' | 'same' | 'none';

/**
 * How a figure moved, as the station words it: `relative` gives the change as a share of the base (a count, a
 * time), `points` the difference of two shares in percentage points. The amount is unsigned (the tone says the
 * direction): a whole number, one decimal under 10. No base gives `none`, a change that rounds away `same`.
 */
export function changeOf(c: FigureChange, by: 'relative' | 'points'): { tone: ChangeTone; amount: string } {
  const v = by === 'relative' ? c.relative : c.delta;
  if (v === null) return { tone: 'none', amount: '' };
  const p = Math.abs(v) * 100;
  const amount = p < 10 ? Math.round(p * 10) / 10 : Math.round(p);
  if (amount === 0) return { tone: 'same', amount: '' };
  return { tone: v > 0 ? 'up' : 'down', amount: String(amount) };
}

/** The year and month of a report query. */
export function yearlyQueryString(year: number, month: number, station: string | null): string {
  const p = new URLSearchParams({ year: String(year), month: String(month) });
  if (station) p.set('station', station);
  return p.toString();
}

/** The years to pick from: this year and the `count − 1` before it, newest first. */
export function recentYears(year: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => year - i);
}
