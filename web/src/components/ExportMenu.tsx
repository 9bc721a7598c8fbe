import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import '../cases/case-i18n.ts';
import './export-menu.css';

/** The server's case exports (server/src/exports): file name ending and the i18n key of each. */
export const CASE_EXPORTS = [
  { file: 'tracks.gpx', key: 'gpx' },
  { file: 'tracks.kml', key: 'kml' },
  { file: 'export.geojson', key: 'geojson' },
  { file: 'timeline.csv', key: 'csv' },
] as const;

/** 导出: the case's tracks (GPX, KML), its layers (GeoJSON) and its timeline (CSV), as downloads. */
export function ExportMenu({ caseId, className = '' }: { caseId: string; className?: string }) {
  const { t } = useTranslation();
  const menu = useRef<HTMLDetailsElement>(null);
  return (
    <details ref={menu} className={`export-menu ${className}`} data-testid="export-menu">
      <summary data-testid="export-toggle">{t('cases.export.title')}</summary>
      <ul>
        {CASE_EXPORTS.map((x) => (
          <li key={x.key}>
            <a
              href={`/api/v1/cases/${encodeURIComponent(caseId)}/${x.file}`}
              download
              data-testid={`export-${x.key}`}
              onClick={() => menu.current?.removeAttribute('open')}
            >
              {t(`cases.export.${x.key}`)}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
