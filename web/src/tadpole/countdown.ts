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

/** "1 天 02:03:04" / "02:03:04": a clock that ticks visibly, so the purge is felt to be coming. */
export function countdownText(r: Remaining, dayWord: string): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const clock = `${p(r.hours)}:${p(r.minutes)}:${p(r.seconds)}`;
  return r.days > 0 ? `${r.days} ${dayWord} ${clock}` : clock;
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
