import { z } from 'zod';

/**
 * The caller's battery as the last fixes tell it: the last reading, the trend in %/hour and a rough time left.
 * `draining`: a least-squares fit over the recent readings falls; `steady`: it neither falls nor rises measurably;
 * `charging`: the last reading jumped up, or the fit rises; `unknown`: too few readings or too short a span to say.
 */
export const callerBatteryTrends = ['draining', 'steady', 'charging', 'unknown'] as const;
export type CallerBatteryTrend = (typeof callerBatteryTrends)[number];

export const callerBattery = z
  .object({
    /** The last battery reading (%), or null when no fix carried one. */
    level: z.number().nullable(),
    /** The time of that reading. */
    at: z.string().nullable(),
    trend: z.enum(callerBatteryTrends),
    /** %/hour of the fit (negative while draining), one decimal; null without a fit. */
    ratePerHour: z.number().nullable(),
    /** Minutes from the last reading until the fit reaches 0 %, rounded; null unless draining. */
    minutesLeft: z.number().nullable(),
    /** `minutesLeft` was cut to the cap: the battery lasts at least that long. */
    minutesLeftCapped: z.boolean(),
    /** How many readings the fit used. */
    samples: z.number(),
  })
  .meta({ id: 'CallerBattery' });
export type CallerBattery = z.infer<typeof callerBattery>;

/** At or below this battery (%) the caller's phone may die soon: the panel marks it, the board watches for silence. */
export const CALLER_LOW_BATTERY_PERCENT = 20;
/** The caller's page posts a fix every 30 s while open: this long without one is silence, not a slow network. */
export const CALLER_SILENT_AFTER_S = 5 * 60;

export interface BatteryReading {
  /** ISO time of the fix. */
  t: string;
  battery: number | null;
}

/** Readings older than this before the last one say little about the battery now. */
export const BATTERY_WINDOW_MS = 60 * 60_000;
/** At most this many of the latest readings are fitted (an hour of the page's fixes every 30 s). */
export const BATTERY_MAX_SAMPLES = 120;
export const BATTERY_MIN_SAMPLES = 3;
export const BATTERY_MIN_SPAN_MS = 5 * 60_000;
/** Phones report whole percents and wobble by one: a rise of more than this is a charger, not noise. */
export const BATTERY_CHARGE_JUMP = 1.5;
/** A fitted fall slower than this (%/hour) is no fall at all. */
export const BATTERY_STEADY_RATE = 0.5;
export const BATTERY_MINUTES_CAP = 600;

const NO_ESTIMATE = { ratePerHour: null, minutesLeft: null, minutesLeftCapped: false } as const;

/** Readings with a usable battery and time, oldest first (one per time: the later-listed one wins). */
function cleanReadings(readings: readonly BatteryReading[]): { ms: number; level: number }[] {
  const byTime = new Map<number, number>();
  for (const r of readings) {
    const ms = Date.parse(r.t);
    const level = r.battery;
    if (!Number.isFinite(ms) || level === null || !Number.isFinite(level) || level < 0 || level > 100) continue;
    byTime.set(ms, level);
  }
  return [...byTime].map(([ms, level]) => ({ ms, level })).sort((a, b) => a.ms - b.ms);
}

/** Slope (% per ms) of the least-squares line through the points. */
function fitSlope(points: readonly { ms: number; level: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.ms, 0) / n;
  const my = points.reduce((s, p) => s + p.level, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.ms - mx) * (p.level - my);
    sxx += (p.ms - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

/** Under an hour to the nearest 5 minutes, beyond to the nearest 10, capped: the figure is rough. */
function roundMinutes(m: number): { minutesLeft: number; minutesLeftCapped: boolean } {
  if (m >= BATTERY_MINUTES_CAP) return { minutesLeft: BATTERY_MINUTES_CAP, minutesLeftCapped: true };
  const step = m < 60 ? 5 : 10;
  return { minutesLeft: Math.round(m / step) * step, minutesLeftCapped: false };
}

/**
 * The battery summary of a caller's fixes (any order; fixes without a battery are skipped). Only the readings
 * since the last charger jump, within the last hour before the latest reading, are fitted, so plugging the phone
 * in does not make a draining battery look healthy.
 */
export function estimateCallerBattery(readings: readonly BatteryReading[]): CallerBattery {
  const all = cleanReadings(readings);
  const last = all.at(-1);
  if (!last) return { level: null, at: null, trend: 'unknown', ...NO_ESTIMATE, samples: 0 };
  const head = { level: last.level, at: new Date(last.ms).toISOString() };
  const prev = all.at(-2);
  if (prev && last.level - prev.level > BATTERY_CHARGE_JUMP) {
    return { ...head, trend: 'charging', ...NO_ESTIMATE, samples: 0 };
  }
  let start = all.length - 1;
  while (
    start > 0 &&
    all.length - start < BATTERY_MAX_SAMPLES &&
    last.ms - all[start - 1]!.ms <= BATTERY_WINDOW_MS &&
    all[start]!.level - all[start - 1]!.level <= BATTERY_CHARGE_JUMP
  ) {
    start--;
  }
  const fitted = all.slice(start);
  const samples = fitted.length;
  if (samples < BATTERY_MIN_SAMPLES || last.ms - fitted[0]!.ms < BATTERY_MIN_SPAN_MS) {
    return { ...head, trend: 'unknown', ...NO_ESTIMATE, samples };
  }
  const perHour = fitSlope(fitted) * 3_600_000;
  const ratePerHour = Math.round(perHour * 10) / 10 || 0;
  if (perHour >= BATTERY_STEADY_RATE) return { ...head, trend: 'charging', ...NO_ESTIMATE, ratePerHour, samples };
  if (perHour > -BATTERY_STEADY_RATE) {
    return { ...head, trend: 'steady', ratePerHour, minutesLeft: null, minutesLeftCapped: false, samples };
  }
  return { ...head, trend: 'draining', ratePerHour, ...roundMinutes((last.level / -perHour) * 60), samples };
}
