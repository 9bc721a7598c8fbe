import type { CallerBattery } from '@lookout/contracts';
import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedTranslators } from '../shared/fixed-translators.ts';
import appEn from '../locales/en.json';
import appZhCN from '../locales/zh-CN.json';
import casesEn from '../locales/cases.en.json';
import casesZhCN from '../locales/cases.zh-CN.json';
import { en, zhCN } from './caller-battery-locales.ts';
import {
  batteryOutlookText,
  batteryTrendText,
  fixAgeText,
  fixBatteryText,
  silentMinutes,
} from './caller-battery-text.ts';
import { eventDetail, eventLabel } from './case-event-text.ts';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  const merge = (...parts: Record<string, unknown>[]) => {
    const out: Record<string, unknown> = {};
    for (const p of parts) {
      for (const [k, v] of Object.entries(p)) {
        out[k] = typeof v === 'object' && v && typeof out[k] === 'object' ? merge(out[k] as never, v as never) : v;
      }
    }
    return out;
  };
  ({ zh, english } = await fixedTranslators(merge(appZhCN, casesZhCN, zhCN), merge(appEn, casesEn, en)));
});

const estimate = (b: Partial<CallerBattery>): CallerBattery => ({
  level: 36,
  at: '2026-05-01T08:08:00.000Z',
  trend: 'draining',
  ratePerHour: -30,
  minutesLeft: 70,
  minutesLeftCapped: false,
  samples: 5,
  ...b,
});

describe('caller battery texts', () => {
  it("shows a fix's battery rounded, and nothing for a fix without one", () => {
    expect(fixBatteryText(zh, 36.4)).toBe('电量 36%');
    expect(fixBatteryText(english, 7)).toBe('battery 7%');
    expect(fixBatteryText(zh, null)).toBe('');
  });

  it("says a fix's age", () => {
    const at = '2026-05-01T08:00:00.000Z';
    expect(fixAgeText(zh, at, Date.parse(at) + 3 * 60_000 + 5000)).toBe('3 分钟前');
    expect(fixAgeText(english, at, Date.parse(at) + 40_000)).toBe('40 s ago');
  });

  it('says how long the battery lasts', () => {
    expect(batteryOutlookText(zh, estimate({}))).toBe('电量约可维持 70 分钟');
    expect(batteryOutlookText(english, estimate({}))).toBe('battery lasts about 70 min');
    expect(batteryOutlookText(zh, estimate({ minutesLeft: 600, minutesLeftCapped: true }))).toBe(
      '电量约可维持 600 分钟以上',
    );
    expect(batteryOutlookText(zh, estimate({ minutesLeft: 0 }))).toBe('电量即将耗尽');
  });

  it('says charging, steady, or that there is no estimate', () => {
    expect(batteryOutlookText(zh, estimate({ trend: 'charging', minutesLeft: null }))).toBe('正在充电');
    expect(batteryOutlookText(english, estimate({ trend: 'steady', minutesLeft: null }))).toBe('battery steady');
    expect(batteryOutlookText(zh, estimate({ trend: 'unknown', minutesLeft: null }))).toBe('读数太少，暂无法估算');
  });

  it('gives the trend with its sign and basis, or nothing without a fit', () => {
    expect(batteryTrendText(zh, estimate({}))).toBe('-30%/小时 · 根据最近 5 次回传');
    expect(batteryTrendText(english, estimate({ ratePerHour: 12, trend: 'charging' }))).toBe(
      '+12 %/h · from the last 5 reports',
    );
    expect(batteryTrendText(zh, estimate({ ratePerHour: null }))).toBe('');
  });

  it('counts the silence in whole minutes', () => {
    const at = '2026-05-01T08:00:00.000Z';
    expect(silentMinutes(at, Date.parse(at) + 6.9 * 60_000)).toBe(6);
    expect(silentMinutes(at, Date.parse(at) - 1000)).toBe(0);
  });

  it('names the silence in the timeline', () => {
    const e = {
      seq: 1,
      type: 'caller_silent_low_battery',
      at: '2026-05-01T08:06:00.000Z',
      actorId: null,
      data: { callerLocationId: 3, lastFixAt: '2026-05-01T08:00:00.000Z', battery: 12, silentS: 360 },
    };
    const ctx = { now: new Date('2026-05-01T08:10:00Z'), me: { id: 'x', displayName: 'x' } };
    const maps = { unitCallsigns: new Map<string, string>(), officerCallsigns: new Map<string, string>() };
    expect(eventLabel(zh, e)).toBe('报警人低电量失联');
    expect(eventLabel(english, e)).toBe('caller silent with a low battery');
    expect(eventDetail(zh, e, { ...ctx, ...maps })).toMatch(/^最后回传 .+，电量 12%$/);
  });
});
