import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api.ts';
import { ReportChart } from './ReportChart.tsx';
import { monthLabel, shanghaiMonth } from './reports-format.ts';
import { perMonthOption } from './yearly-charts.ts';
import { recentYears, yearlyQueryString } from './yearly-format.ts';
import { YearlyQuotes } from './YearlyQuotes.tsx';
import { YearlyTable } from './YearlyTable.tsx';
import type { YearlyReportView } from '@lookout/contracts';
import { ReportCsvLink, StationSelect } from './ReportControls.tsx';

/** The year to date per station (commander, admin), against last year and the month before, as the station quotes it. */
export function YearlyReport({ tabs }: { tabs: ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [today] = useState(() => shanghaiMonth(Date.now()).split('-').map(Number) as [number, number]);
  const [thisYear, thisMonth] = today;
  const [year, setYear] = useState(thisYear);
  const [month, setMonth] = useState(thisMonth);
  const [station, setStation] = useState<string | null>(null);
  const [report, setReport] = useState<YearlyReportView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = yearlyQueryString(year, month, station);

  useEffect(() => {
    let cancelled = false;
    request<YearlyReportView>('GET', `/reports/yearly?${query}`)
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

  const chart = useMemo(() => (report ? perMonthOption(report, t, lang) : null), [report, t, lang]);
  const months = Array.from({ length: year === thisYear ? thisMonth : 12 }, (_, i) => i + 1);
  const shown = `${year}-${String(month).padStart(2, '0')}`;
  const loading = !report || report.month !== shown || (station !== null && report.station !== station);
  const pickYear = (y: number) => {
    setYear(y);
    setMonth(y === thisYear ? thisMonth : 12);
  };

  return (
    <>
      <div className="reports-head">
        {tabs}
        <h1>{t('reports.yearly.title')}</h1>
        <div className="reports-pickers">
          <label>
            <span>{t('reports.yearly.year')}</span>
            <select value={year} onChange={(e) => pickYear(Number(e.target.value))} data-testid="yearly-year">
              {recentYears(thisYear, 6).map((y) => (
                <option key={y} value={y}>
                  {t('reports.yearly.yearLabel', { year: y })}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('reports.yearly.through')}</span>
            <select value={month} onChange={(e) => setMonth(Number(e.target.value))} data-testid="yearly-month">
              {months.map((m) => (
                <option key={m} value={m}>
                  {monthLabel(`${year}-${String(m).padStart(2, '0')}`, lang)}
                </option>
              ))}
            </select>
          </label>
          <StationSelect
            value={station ?? report?.station ?? ''}
            stations={report?.stations ?? []}
            onChange={setStation}
            testId="yearly-station"
          />
          <ReportCsvLink path="yearly.csv" query={query} testId="yearly-csv" />
        </div>
      </div>
      {error ? <p className="error">{t('reports.error', { message: error })}</p> : null}
      {!report ? (
        <p className="page-message">{t('reports.loading')}</p>
      ) : (
        <div
          className={`reports-body${loading ? ' stale' : ''}`}
          aria-busy={loading}
          data-testid="yearly-body"
          data-report={`${report.station} ${report.month}`}
        >
          <p className="reports-note">
            {t(report.partial ? 'reports.yearly.notePartial' : 'reports.yearly.note', {
              from: report.periods.yearToDate.firstDate,
              to: report.periods.yearToDate.lastDate,
            })}
          </p>
          <YearlyQuotes report={report} />
          <div className="reports-main">
            <section>
              <h2>{t('reports.yearly.tableTitle')}</h2>
              <YearlyTable report={report} />
            </section>
            <section className="reports-charts">
              <div className="report-chart-card">
                <h2>{t('reports.yearly.perMonthChart')}</h2>
                {chart ? (
                  <ReportChart option={chart} label={t('reports.yearly.perMonthChart')} testId="chart-per-month" />
                ) : null}
              </div>
            </section>
          </div>
        </div>
      )}
    </>
  );
}
