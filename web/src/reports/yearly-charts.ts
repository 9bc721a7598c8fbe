import type { TFunction } from 'i18next';
import type { YearlyReportView } from '@lookout/contracts';
import type { ChartOption } from './echarts.ts';

/** Cases opened per month: this year (to the chosen month) beside last year, month by month. */
export function perMonthOption(r: YearlyReportView, t: TFunction, lang: string): ChartOption {
  const thisYear = t('reports.yearly.yearLabel', { year: r.year });
  const lastYear = t('reports.yearly.yearLabel', { year: r.year - 1 });
  const monthName = (m: number) =>
    lang.startsWith('zh')
      ? `${m}月`
      : new Date(Date.UTC(2000, m - 1, 1)).toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: [lastYear, thisYear] },
    grid: { left: 8, right: 12, top: 30, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: r.perMonth.map((m) => monthName(m.month)),
      axisLabel: { interval: 0, fontSize: 10 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: lastYear,
        type: 'bar',
        data: r.perMonth.map((m) => m.lastYear),
        itemStyle: { color: '#b0bec5' },
      },
      {
        name: thisYear,
        type: 'bar',
        data: r.perMonth.map((m) => m.thisYear),
        itemStyle: { color: '#1565c0' },
        label: { show: true, position: 'top', fontSize: 10 },
      },
    ],
  };
}
