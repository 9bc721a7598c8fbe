/** The station's month (Asia/Shanghai, UTC+8) at an instant: `YYYY-MM`. */
export function shanghaiMonth(nowMs: number): string {
  return new Date(nowMs + 8 * 3_600_000).toISOString().slice(0, 7);
}

/** `YYYY-MM` moved by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

/** The last `count` months up to `month`, newest first. */
export function recentMonths(month: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => shiftMonth(month, -i));
}

/** A month for the picker: 2026年11月 / Nov 2026. */
export function monthLabel(month: string, lang: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  if (lang.startsWith('zh')) return `${y}年${m}月`;
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A duration for the table: 45秒, 2分05秒, 1小时05分 (zh) or 45 s, 2 min 05 s, 1 h 05 min (en); — for none. */
export function durationText(s: number | null, lang: string): string {
  if (s === null) return '—';
  const zh = lang.startsWith('zh');
  const a = Math.round(Math.abs(s));
  // A tip a fraction of a second before the broadcast rounds to 0: no "-0 s".
  const sign = s < 0 && a > 0 ? '-' : '';
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const sec = a % 60;
  const two = (v: number) => String(v).padStart(2, '0');
  if (h) return zh ? `${sign}${h}小时${two(m)}分` : `${sign}${h} h ${two(m)} min`;
  if (m) return zh ? `${sign}${m}分${two(sec)}秒` : `${sign}${m} min ${two(sec)} s`;
  return zh ? `${sign}${sec}秒` : `${sign}${sec} s`;
}

/** A share 0..1 as a whole percentage (one decimal under 10 %); — for none. */
export function percentText(share: number | null): string {
  if (share === null) return '—';
  const p = share * 100;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}

/** Seconds as minutes for the chart's linear axis (two decimals: 3 s is 0.05 min, 0 s is 0). */
export function chartMinutes(s: number | null): number | null {
  return s === null ? null : Math.round((s / 60) * 100) / 100;
}

/** The query string of a report: month and station. */
export function reportQuery(month: string, station: string | null): string {
  const p = new URLSearchParams({ month });
  if (station) p.set('station', station);
  return p.toString();
}
