import { describe, expect, it } from 'vitest';
import { clockSteps, intervalStats, quantile, timeline, type StepTimes } from './clock-steps.ts';

const empty = () => Object.fromEntries(clockSteps.map((s) => [s, null])) as StepTimes;
const t0 = Date.parse('2026-05-01T00:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000).toISOString();

describe('timeline', () => {
  it('lists every step in order with the seconds since the report', () => {
    const times = { ...empty(), reported: at(0), verified: at(90), found: at(3600) };
    const tl = timeline(times);
    expect(tl.map((s) => s.step)).toEqual([...clockSteps]);
    expect(tl.find((s) => s.step === 'verified')).toEqual({ step: 'verified', at: at(90), sinceReportS: 90 });
    expect(tl.find((s) => s.step === 'first_tip')).toEqual({ step: 'first_tip', at: null, sinceReportS: null });
  });
});

describe('quantile', () => {
  it('interpolates between ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 0, 5], 0.5)).toBe(5);
    expect(quantile([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9)).toBe(90);
    expect(quantile([], 0.5)).toBeNull();
  });
});

describe('intervalStats', () => {
  it('takes only the alerts that reached both steps of an interval', () => {
    const a = { ...empty(), reported: at(0), verified: at(60), first_broadcast: at(70) };
    const b = { ...empty(), reported: at(0), verified: at(120) };
    const c = { ...empty(), reported: at(0), verified: at(600), first_broadcast: at(630) };
    const stats = intervalStats([a, b, c]);
    const rv = stats.find((s) => s.key === 'report_to_verified')!;
    expect(rv).toMatchObject({ n: 3, medianS: 120, p90S: 504 });
    const vb = stats.find((s) => s.key === 'verified_to_first_broadcast')!;
    expect(vb).toMatchObject({ n: 2, medianS: 20 });
    expect(stats.find((s) => s.key === 'report_to_handover')).toMatchObject({ n: 0, medianS: null, p90S: null });
  });
});
