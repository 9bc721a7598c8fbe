import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  datums,
  MAX_PLACES_IMPORT_CHARS,
  type Datum,
  type PlacesImportProblem,
  type PlacesImportResult,
} from '@lookout/contracts';
import { ApiError } from '../api.ts';
import { importPlaces } from './places-api.ts';
import './places-i18n.ts';

/** The rows a refused import lists (the server sends at most 100). */
function problemsOf(err: unknown): PlacesImportProblem[] {
  if (!(err instanceof ApiError)) return [];
  return (err.details as { problems?: PlacesImportProblem[] } | undefined)?.problems ?? [];
}

/** Import a gazetteer file (GeoJSON or CSV); the same source again replaces its places. */
export function PlacesImportPanel() {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState('');
  const [datum, setDatum] = useState<Datum>('wgs84');
  const [skipBadRows, setSkipBadRows] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PlacesImportResult | null>(null);
  const [error, setError] = useState<{ message: string; problems: PlacesImportProblem[] } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      const text = await file.text();
      if (text.length > MAX_PLACES_IMPORT_CHARS) throw new Error(t('places.import.tooLarge'));
      const format = /\.csv$/i.test(file.name) ? 'csv' : 'geojson';
      setResult(await importPlaces({ source: source.trim() || file.name, format, datum, text, skipBadRows }));
    } catch (err) {
      setError({ message: err instanceof Error ? err.message : String(err), problems: problemsOf(err) });
    } finally {
      setBusy(false);
    }
  };

  const problems = result?.skipped ?? error?.problems ?? [];
  return (
    <div data-testid="places-import-panel">
      <section className="card">
        <h2>{t('places.import.title')}</h2>
        <p className="adm-muted">{t('places.import.hint')}</p>
        <form className="inline-form" onSubmit={(e) => void submit(e)}>
          <label>
            {t('places.import.file')}
            <input
              type="file"
              accept=".geojson,.json,.csv"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
              required
              data-testid="places-file"
            />
          </label>
          <label>
            {t('places.import.source')}
            <input
              value={source}
              maxLength={200}
              placeholder={file?.name ?? ''}
              onChange={(e) => setSource(e.target.value)}
            />
          </label>
          <label>
            {t('places.import.datum')}
            <select value={datum} onChange={(e) => setDatum(e.target.value as Datum)}>
              {datums.map((d) => (
                <option key={d} value={d}>
                  {d.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={skipBadRows} onChange={(e) => setSkipBadRows(e.target.checked)} />
            {t('places.import.skipBadRows')}
          </label>
          <button type="submit" className="primary" disabled={busy || !file}>
            {busy ? t('places.import.busy') : t('places.import.submit')}
          </button>
        </form>
        {result ? (
          <p data-testid="places-import-result">
            {t('places.import.done', { imported: result.imported, replaced: result.replaced, source: result.source })}
          </p>
        ) : null}
        {error ? <p className="error">{t('places.import.failed', { message: error.message })}</p> : null}
        {problems.length > 0 ? (
          <ul className="places-problems" data-testid="places-import-problems">
            {problems.map((p) => (
              <li key={`${p.row}:${p.reason}`}>
                {p.row > 0 ? t('places.import.row', { row: p.row }) : t('places.import.file')}: {p.reason}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
