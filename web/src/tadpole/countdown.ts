/** What is left until a moment (the purge of the public card or the case file), split for display. */
export interface Remaining {
  /** True once the moment has passed. */
  due: boolean;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

export function remaining(untilIso: string, now: number): Remaining {
  const ms = Date.parse(untilIso) - now;
  if (!(ms > 0)) return { due: true, days: 0, hours: 0, minutes: 0, seconds: 0 };
  const s = Math.floor(ms / 1000);
  return {
    due: false,
    days: Math.floor(s / 86_400),
    hours: Math.floor((s % 86_400) / 3600),
    minutes: Math.floor((s % 3600) / 60),
    seconds: s % 60,
  };
}

/**
 * How long until a moment, as words rather than a clock (a clock like "23:59:56" reads as a time of day): the
 * locale key and its numbers. Whole days from two days on ("3 天 4 小时"), hours and minutes below that
 * ("23 小时 59 分"), minutes alone under an hour.
 */
export function durationWords(r: Remaining): { key: 'dh' | 'hm' | 'm'; d: number; h: number; m: number } {
  if (r.days >= 2) return { key: 'dh', d: r.days, h: r.hours, m: r.minutes };
  const h = r.days * 24 + r.hours;
  return h > 0 ? { key: 'hm', d: 0, h, m: r.minutes } : { key: 'm', d: 0, h: 0, m: r.minutes };
}

/**
 * "12/4 00:07": month/day and the clock in the phone's own time zone, always with the date; a no-break space
 * between them, so a narrow screen never puts the date and the time on different lines.
 */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}/${d.getDate()}\u00a0${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "08:05" in the phone's own time zone, with the date when it is not today. */
export function shortTime(iso: string, now: number): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  const today = new Date(now);
  const sameDay =
    d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay ? hm : `${d.getMonth() + 1}/${d.getDate()} ${hm}`;
}
