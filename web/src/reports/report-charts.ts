import type { TFunction } from 'i18next';
import { chartMinutes, durationText } from './reports-format.ts';
import { caseKinds } from '@lookout/contracts';
import type { MonthlyReport } from './reports-types.ts';
import type { ChartOption } from './echarts.ts';

const KIND_COLOURS = { lost_person: '#1565c0', lost_child: '#ef6c00', found_child: '#2e7d32' } as const;

/**
 * Median and p90 of each interval that has cases, as horizontal bars on a linear minutes axis from 0, so a bar's
 * length is its time (0 s draws nothing, 30 s half a minute); each bar is labelled with its duration, since
 * seconds next to hours are thin. The target is a red mark on the same axis.
 */
export function intervalOption(r: MonthlyReport, t: TFunction, lang: string): ChartOption {
  const shown = r.intervals.filter((i) => i.n > 0);
  const seconds = (v: unknown) => (typeof v === 'number' ? durationText(v * 60, lang) : '—');
  const label = {
    show: true,
    position: 'right' as const,
    fontSize: 10,
    color: '#333',
    formatter: (p: { value: unknown }) => seconds(p.value),
  };
  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: seconds,
    },
    legend: { top: 0, data: [t('reports.median'), t('reports.p90'), t('reports.target')] },
    grid: { left: 8, right: 64, top: 28, bottom: 22, containLabel: true },
    yAxis: {
      type: 'category',
      inverse: true,
      // Short names beside the bars (the table and the tooltip name the whole interval).
      data: shown.map((i) => t(`reports.short.${i.key}`)),
      axisLabel: { interval: 0, fontSize: 11 },
    },
    // A value axis includes 0 by default: bars start there, a negative interval (a corrected step) goes left.
    xAxis: { type: 'value', name: t('reports.minutes'), nameGap: 6 },
    series: [
      {
        name: t('reports.median'),
        type: 'bar',
        data: shown.map((i) => chartMinutes(i.medianS)),
        itemStyle: { color: '#1976d2' },
        label,
      },
      {
        name: t('reports.p90'),
        type: 'bar',
        data: shown.map((i) => chartMinutes(i.p90S)),
        itemStyle: { color: '#90caf9' },
        label,
      },
      {
        name: t('reports.target'),
        type: 'line',
        data: shown.map((i) => chartMinutes(i.targetS)),
        symbol: 'rect',
        symbolSize: [3, 22],
        lineStyle: { opacity: 0 },
        itemStyle: { color: '#c62828' },
        connectNulls: false,
        z: 5,
      },
    ],
  };
}

/** Cases reported per day of the month, stacked by kind. */
export function perDayOption(r: MonthlyReport, t: TFunction): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: caseKinds.map((k) => t(`reports.kind.${k}`)) },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: r.perDay.map((d) => String(Number(d.date.slice(8)))) },
    yAxis: { type: 'value', minInterval: 1 },
    series: caseKinds.map((k) => ({
      name: t(`reports.kind.${k}`),
      type: 'bar' as const,
      stack: 'cases',
      data: r.perDay.map((d) => d.byKind[k]),
      itemStyle: { color: KIND_COLOURS[k] },
    })),
  };
}
