import { describe, expect, it } from 'vitest';
import { yearAndMonth, yearlySpans } from './yearly-spans.ts';

const dates = (s: { firstDate: string; lastDate: string }) => `${s.firstDate}…${s.lastDate}`;

describe('yearlySpans', () => {
  it('a finished month: whole months, Asia/Shanghai midnights', () => {
    const s = yearlySpans(2031, 3, new Date('2031-06-10T00:00:00Z'));
    expect(s.partial).toBe(false);
    expect(s.spans.yearToDate).toEqual({
      from: new Date('2030-12-31T16:00:00.000Z'),
      to: new Date('2031-03-31T16:00:00.000Z'),
      firstDate: '2031-01-01',
      lastDate: '2031-03-31',
    });
    expect(dates(s.spans.yearToDateLastYear)).toBe('2030-01-01…2030-03-31');
    expect(dates(s.spans.month)).toBe('2031-03-01…2031-03-31');
    expect(dates(s.spans.previousMonth)).toBe('2031-02-01…2031-02-28');
    expect(dates(s.spans.monthLastYear)).toBe('2030-03-01…2030-03-31');
    expect(s.all).toEqual({ from: new Date('2029-12-31T16:00:00.000Z'), to: s.spans.yearToDate.to });
  });

  it('a finished month after a longer one compares with the whole month before', () => {
    const s = yearlySpans(2031, 4, new Date('2031-06-10T00:00:00Z'));
    expect(dates(s.spans.previousMonth)).toBe('2031-03-01…2031-03-31');
  });

  it('the running month: every span through today’s local day', () => {
    // 2031-05-20T17:00Z is May 21st, 01:00 in Shanghai.
    const s = yearlySpans(2031, 5, new Date('2031-05-20T17:00:00Z'));
    expect(s.partial).toBe(true);
    expect(dates(s.spans.yearToDate)).toBe('2031-01-01…2031-05-21');
    expect(s.spans.yearToDate.to).toEqual(new Date('2031-05-21T16:00:00.000Z'));
    expect(dates(s.spans.yearToDateLastYear)).toBe('2030-01-01…2030-05-21');
    expect(dates(s.spans.previousMonth)).toBe('2031-04-01…2031-04-21');
    expect(dates(s.spans.monthLastYear)).toBe('2030-05-01…2030-05-21');
  });

  it('on a leap day, last year’s span ends on February 28th', () => {
    const s = yearlySpans(2028, 2, new Date('2028-02-29T04:00:00Z'));
    expect(dates(s.spans.yearToDate)).toBe('2028-01-01…2028-02-29');
    expect(dates(s.spans.yearToDateLastYear)).toBe('2027-01-01…2027-02-28');
    expect(dates(s.spans.monthLastYear)).toBe('2027-02-01…2027-02-28');
    expect(s.spans.monthLastYear.to).toEqual(new Date('2027-02-28T16:00:00.000Z'));
  });

  it('the 31st of a running month against a shorter month before it ends on that month’s last day', () => {
    const s = yearlySpans(2031, 3, new Date('2031-03-31T02:00:00Z'));
    expect(dates(s.spans.previousMonth)).toBe('2031-02-01…2031-02-28');
  });

  it('January compares with December of last year', () => {
    const s = yearlySpans(2031, 1, new Date('2031-06-01T00:00:00Z'));
    expect(dates(s.spans.previousMonth)).toBe('2030-12-01…2030-12-31');
    expect(dates(s.spans.yearToDate)).toBe('2031-01-01…2031-01-31');
  });
});

describe('yearAndMonth', () => {
  // 2030-12-31T16:30Z is already January 1st, 00:30 in Shanghai.
  const NEW_YEAR = new Date('2030-12-31T16:30:00Z');
  it('defaults to this year and month in station time', () => {
    expect(yearAndMonth({}, NEW_YEAR)).toEqual({ year: 2031, month: 1 });
  });
  it('a past year without a month runs to December; a month alone is this year’s', () => {
    expect(yearAndMonth({ year: 2029 }, NEW_YEAR)).toEqual({ year: 2029, month: 12 });
    expect(yearAndMonth({ month: 7 }, NEW_YEAR)).toEqual({ year: 2031, month: 7 });
  });
});
