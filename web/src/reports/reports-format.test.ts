import { describe, expect, it } from 'vitest';
import {
  chartMinutes,
  durationText,
  monthLabel,
  percentText,
  recentMonths,
  reportQuery,
  shanghaiMonth,
  shiftMonth,
} from './reports-format.ts';

describe('reports format', () => {
  it('takes the month in Asia/Shanghai time', () => {
    expect(shanghaiMonth(Date.parse('2026-11-30T15:59:59Z'))).toBe('2026-11');
    expect(shanghaiMonth(Date.parse('2026-11-30T16:00:00Z'))).toBe('2026-12');
  });
  it('moves months across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(recentMonths('2026-02', 3)).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(monthLabel('2026-02', 'zh-CN')).toBe('2026年2月');
    expect(monthLabel('2026-02', 'en')).toBe('Feb 2026');
  });
  it('writes durations and shares', () => {
    expect(durationText(45, 'zh-CN')).toBe('45秒');
    expect(durationText(-0.3, 'en')).toBe('0 s');
    expect(durationText(-65, 'en')).toBe('-1 min 05 s');
    expect(durationText(125, 'zh-CN')).toBe('2分05秒');
    expect(durationText(3900, 'zh-CN')).toBe('1小时05分');
    expect(durationText(125, 'en')).toBe('2 min 05 s');
    expect(durationText(null, 'en')).toBe('—');
    expect(percentText(4 / 7)).toBe('57%');
    expect(percentText(0.05)).toBe('5.0%');
    expect(percentText(0)).toBe('0%');
    expect(percentText(null)).toBe('—');
    expect(chartMinutes(90)).toBe(1.5);
    expect(chartMinutes(0)).toBe(0);
    expect(chartMinutes(3)).toBe(0.05);
  });
  it('builds the query with an optional station', () => {
    expect(reportQuery('2026-11', null)).toBe('month=2026-11');
    expect(reportQuery('2026-11', '城东派出所')).toBe(
      'month=2026-11&station=%E5%9F%8E%E4%B8%9C%E6%B4%BE%E5%87%BA%E6%89%80',
    );
  });
});
