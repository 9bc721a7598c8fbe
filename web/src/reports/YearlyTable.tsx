import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ChangeText } from './ChangeText.tsx';
import { durationText, percentText } from './reports-format.ts';
import { caseKinds, type FigureChange, type YearlyReportView } from '@lookout/contracts';

interface Row {
  key: string;
  label: string;
  figure: 'count' | 'time' | 'share';
  yoy: FigureChange;
  mom: FigureChange;
}

/** Every compared figure: the year to date against last year's, the month against the month before. */
export function YearlyTable({ report: r }: { report: YearlyReportView }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const byKey = <T extends { key: string }>(list: T[], key: string) => list.find((i) => i.key === key)!;
  const rows: Row[] = [
    {
      key: 'total',
      label: t('reports.total'),
      figure: 'count',
      yoy: r.yearOnYear.cases.total,
      mom: r.monthOnMonth.cases.total,
    },
    ...caseKinds.map((k): Row => ({
      key: `kind-${k}`,
      label: t(`reports.kind.${k}`),
      figure: 'count',
      yoy: r.yearOnYear.cases.byKind[k],
      mom: r.monthOnMonth.cases.byKind[k],
    })),
    ...Object.keys(r.yearOnYear.cases.byOutcome).map((o): Row => ({
      key: `outcome-${o}`,
      label: t(`reports.outcome.${o}`, { defaultValue: o }),
      figure: 'count',
      yoy: r.yearOnYear.cases.byOutcome[o]!,
      mom: r.monthOnMonth.cases.byOutcome[o] ?? { current: 0, base: 0, delta: 0, relative: null },
    })),
    ...(['reunion', 'found'] as const).flatMap((k): Row[] => [
      {
        key: `mean-${k}`,
        label: t(`reports.yearly.mean.${k}`),
        figure: 'time',
        yoy: byKey(r.yearOnYear.intervals, k).meanS,
        mom: byKey(r.monthOnMonth.intervals, k).meanS,
      },
      {
        key: `median-${k}`,
        label: t(`reports.yearly.medianOf.${k}`),
        figure: 'time',
        yoy: byKey(r.yearOnYear.intervals, k).medianS,
        mom: byKey(r.monthOnMonth.intervals, k).medianS,
      },
    ]),
    ...r.periods.yearToDate.intervals
      .filter((i) => i.targetS !== null)
      .map((i): Row => ({
        key: `within-${i.key}`,
        label: `${t(`reports.interval.${i.key}`)} ≤ ${durationText(i.targetS, lang)}`,
        figure: 'share',
        yoy: byKey(r.yearOnYear.intervals, i.key).withinShare,
        mom: byKey(r.monthOnMonth.intervals, i.key).withinShare,
      })),
  ];
  const value = (figure: Row['figure'], v: number | null): ReactNode =>
    figure === 'time' ? durationText(v, lang) : figure === 'share' ? percentText(v) : (v ?? '—');

  return (
    <div className="reports-table-wrap">
      <table className="reports-table yearly-table" data-testid="yearly-table">
        <thead>
          <tr>
            <th>{t('reports.yearly.col.figure')}</th>
            <th className="num">{t('reports.yearly.col.ytd')}</th>
            <th className="num">{t('reports.yearly.col.lastYtd')}</th>
            <th>{t('reports.yearly.period.yoy')}</th>
            <th className="num">{t('reports.yearly.col.month')}</th>
            <th className="num">{t('reports.yearly.col.previousMonth')}</th>
            <th>{t('reports.yearly.period.mom')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-row={row.key}>
              <td>{row.label}</td>
              <td className="num" data-cell="ytd">
                {value(row.figure, row.yoy.current)}
              </td>
              <td className="num" data-cell="lastYtd">
                {value(row.figure, row.yoy.base)}
              </td>
              <td data-cell="yoy">
                <ChangeText change={row.yoy} figure={row.figure} against="yoy" />
              </td>
              <td className="num" data-cell="month">
                {value(row.figure, row.mom.current)}
              </td>
              <td className="num" data-cell="previousMonth">
                {value(row.figure, row.mom.base)}
              </td>
              <td data-cell="mom">
                <ChangeText change={row.mom} figure={row.figure} against="mom" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
