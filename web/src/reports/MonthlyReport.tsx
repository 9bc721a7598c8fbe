import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api.ts';
import { intervalOption, perDayOption } from './report-charts.ts';
import { ReportChart } from './ReportChart.tsx';
import {
  durationText,
  monthLabel,
  percentText,
  recentMonths,
  reportQuery,
  shanghaiMonth,
  shiftMonth,
} from './reports-format.ts';
import { caseKinds } from '@lookout/contracts';
import type { IntervalFigure, MonthlyReport } from './reports-types.ts';
import { ReportCsvLink, StationSelect } from './ReportControls.tsx';

function kindsLabel(i: IntervalFigure): string {
  if (i.kinds.length === 3) return 'all';
  return i.kinds.includes('lost_person') ? 'lost_person' : 'tadpole';
}

/** The monthly report per station (commander, admin): counts, intervals against targets, charts and CSV. */
export function MonthlyReport({ tabs }: { tabs: ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [thisMonth] = useState(() => shanghaiMonth(Date.now()));
  const [month, setMonth] = useState(thisMonth);
  const [station, setStation] = useState<string | null>(null);
  const [report, setReport] = useState<MonthlyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = reportQuery(month, station);

  useEffect(() => {
    let cancelled = false;
    request<MonthlyReport>('GET', `/reports/monthly?${query}`)
      .then((r) => {
        if (cancelled) return;
        setReport(r);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(err instanceof Error ? err.message : String(err));
      });
    return () => {
      cancelled = true;
    };
  }, [query]);

  const months = useMemo(() => {
    const list = recentMonths(thisMonth, 24);
    return list.includes(month) ? list : [month, ...list];
  }, [thisMonth, month]);
  const intervals = useMemo(() => (report ? intervalOption(report, t, lang) : null), [report, t, lang]);
  const perDay = useMemo(() => (report ? perDayOption(report, t) : null), [report, t]);
  const loading = !report || report.month !== month || (station !== null && report.station !== station);

  return (
    <>
      <div className="reports-head">
        {tabs}
        <h1>{t('reports.title')}</h1>
        <div className="reports-pickers">
          <button type="button" onClick={() => setMonth(shiftMonth(month, -1))} aria-label={t('reports.prev')}>
            ‹
          </button>
          <label>
            <span>{t('reports.month')}</span>
            <select value={month} onChange={(e) => setMonth(e.target.value)} data-testid="report-month">
              {months.map((m) => (
                <option key={m} value={m}>
                  {monthLabel(m, lang)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => setMonth(shiftMonth(month, 1))}
            disabled={month >= thisMonth}
            aria-label={t('reports.next')}
          >
            ›
          </button>
          <StationSelect
            value={station ?? report?.station ?? ''}
            stations={report?.stations ?? []}
            onChange={setStation}
            testId="report-station"
          />
          <ReportCsvLink path="monthly.csv" query={query} testId="report-csv" />
        </div>
      </div>
      {error ? <p className="error">{t('reports.error', { message: error })}</p> : null}
      {!report ? (
        <p className="page-message">{t('reports.loading')}</p>
      ) : (
        <div className={`reports-body${loading ? ' stale' : ''}`} aria-busy={loading}>
          <p className="reports-note">{t('reports.boundaries', { month: monthLabel(report.month, lang) })}</p>
          <section className="reports-cards">
            <div className="report-card" data-testid="report-total">
              <div className="report-card-title">{t('reports.total')}</div>
              <div className="report-big">{report.cases.total}</div>
            </div>
            <div className="report-card">
              <div className="report-card-title">{t('reports.byKind')}</div>
              <dl>
                {caseKinds.map((k) => (
                  <div key={k} data-testid={`report-kind-${k}`}>
                    <dt>{t(`reports.kind.${k}`)}</dt>
                    <dd>{report.cases.byKind[k]}</dd>
                  </div>
                ))}
              </dl>
            </div>
            <div className="report-card">
              <div className="report-card-title">{t('reports.byOutcome')}</div>
              <dl>
                {Object.entries(report.cases.byOutcome).map(([k, v]) => (
                  <div key={k} data-testid={`report-outcome-${k}`}>
                    <dt>{t(`reports.outcome.${k}`, { defaultValue: k })}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
            </div>
            <div className="report-card">
              <div className="report-card-title">{t('reports.tadpole')}</div>
              <dl>
                {Object.entries(report.tadpole).map(([k, v]) => (
                  <div key={k} data-testid={`report-tp-${k}`}>
                    <dt>{t(`reports.tp.${k}`)}</dt>
                    <dd>{v}</dd>
                  </div>
                ))}
              </dl>
            </div>
          </section>
          <div className="reports-main">
            <section>
              <h2>{t('reports.intervals')}</h2>
              <div className="reports-table-wrap">
                <table className="reports-table" data-testid="report-intervals">
                  <thead>
                    <tr>
                      <th>{t('reports.col.interval')}</th>
                      <th>{t('reports.col.kinds')}</th>
                      <th className="num">{t('reports.col.n')}</th>
                      <th className="num">{t('reports.col.median')}</th>
                      <th className="num">{t('reports.col.p90')}</th>
                      <th className="num">{t('reports.col.target')}</th>
                      <th className="num">{t('reports.col.within')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.intervals.map((i) => {
                      const late = i.withinShare !== null && i.withinShare < 0.8;
                      return (
                        <tr key={i.key} data-interval={i.key}>
                          <td>{t(`reports.interval.${i.key}`)}</td>
                          <td>{t(`reports.kinds.${kindsLabel(i)}`)}</td>
                          <td className="num" data-cell="n">
                            {i.n}
                          </td>
                          <td className="num" data-cell="median" data-s={i.medianS ?? ''}>
                            {durationText(i.medianS, lang)}
                          </td>
                          <td className="num" data-cell="p90" data-s={i.p90S ?? ''}>
                            {durationText(i.p90S, lang)}
                          </td>
                          <td className="num">{durationText(i.targetS, lang)}</td>
                          <td className={`num${late ? ' late' : ''}`} data-cell="within">
                            {i.withinTarget === null ? '—' : `${percentText(i.withinShare)} (${i.withinTarget}/${i.n})`}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </section>
            <section className="reports-charts">
              <div className="report-chart-card">
                <h2>{t('reports.intervalChart')}</h2>
                {intervals && report.intervals.some((i) => i.n > 0) ? (
                  <ReportChart option={intervals} label={t('reports.intervalChart')} testId="chart-intervals" />
                ) : (
                  <p className="reports-empty">{t('reports.noData')}</p>
                )}
              </div>
              <div className="report-chart-card">
                <h2>{t('reports.perDayChart')}</h2>
                {perDay ? (
                  <ReportChart option={perDay} label={t('reports.perDayChart')} testId="chart-per-day" />
                ) : null}
              </div>
            </section>
          </div>
        </div>
      )}
    </>
  );
}
