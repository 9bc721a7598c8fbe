import type { CallerBattery } from '@lookout/contracts';
import type { TFunction } from 'i18next';
import { ageText } from '../live/staleness.ts';

/** "电量 36%", or '' for a fix that carried no battery (staff and call-centre fixes never do). */
export function fixBatteryText(t: TFunction, battery: number | null): string {
  return battery === null ? '' : t('callerBattery.level', { level: Math.round(battery) });
}

/** "3 分钟前" of a fix at `at` seen at `nowMs`. */
export function fixAgeText(t: TFunction, at: string, nowMs: number): string {
  const a = ageText(nowMs - Date.parse(at));
  return t(a.key, { count: a.count });
}

/** What the estimate says: time left, charging, steady, or why there is no figure. */
export function batteryOutlookText(t: TFunction, b: CallerBattery): string {
  switch (b.trend) {
    case 'draining':
      if (b.minutesLeft === null) return t('callerBattery.unknown');
      if (b.minutesLeft === 0) return t('callerBattery.empty');
      return t(b.minutesLeftCapped ? 'callerBattery.lastsAtLeast' : 'callerBattery.lasts', {
        minutes: b.minutesLeft,
      });
    case 'charging':
      return t('callerBattery.charging');
    case 'steady':
      return t('callerBattery.steady');
    case 'unknown':
      return t('callerBattery.unknown');
  }
}

/** "-30%/小时 · 根据最近 5 次回传", or '' without a fit. */
export function batteryTrendText(t: TFunction, b: CallerBattery): string {
  if (b.ratePerHour === null) return '';
  const rate = `${b.ratePerHour > 0 ? '+' : ''}${b.ratePerHour}`;
  return `${t('callerBattery.rate', { rate })} · ${t('callerBattery.basis', { count: b.samples })}`;
}

/** The silence's length in whole minutes at `nowMs`, ticking on from the board's answer. */
export function silentMinutes(lastFixAt: string, nowMs: number): number {
  return Math.max(0, Math.floor((nowMs - Date.parse(lastFixAt)) / 60_000));
}
