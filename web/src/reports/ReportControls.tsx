import { useTranslation } from 'react-i18next';

/** The station a report is for, among the stations the server knows. */
export function StationSelect({
  value,
  stations,
  onChange,
  testId,
}: {
  value: string;
  stations: readonly string[];
  onChange(station: string): void;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <label>
      <span>{t('reports.station')}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {stations.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The report's CSV download (`path`: the CSV route under /api/v1/reports). */
export function ReportCsvLink({ path, query, testId }: { path: string; query: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <a className="reports-csv" href={`/api/v1/reports/${path}?${query}`} download data-testid={testId}>
      {t('reports.csv')}
    </a>
  );
}
