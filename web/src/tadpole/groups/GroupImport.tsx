import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GROUPS_IMPORT_MAX_BYTES, type GroupImportResponse } from '@lookout/contracts';
import { groupsApi } from './groups-api.ts';

export const CSV_HEADER =
  'name,channel,grid,members,liaison,officer,datum,lon,lat,radius_m,area,webhook_url,sign_secret,phones';

/** Groups from a CSV file (or pasted text), one per row; shows each row's outcome. */
export function GroupImport({ onImported, onClose }: { onImported: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<GroupImportResponse | null>(null);

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > GROUPS_IMPORT_MAX_BYTES) {
      setError(t('tadpole.groups.import.tooLarge', { kb: GROUPS_IMPORT_MAX_BYTES / 1024 }));
      return;
    }
    setText(await file.text());
  };
  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await groupsApi.importCsv(text);
      setResult(r);
      if (r.created) onImported();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="gp-import" data-testid="group-import">
      <div className="gp-import-head">
        <h3>{t('tadpole.groups.import.title')}</h3>
        <button type="button" className="tp-mid tp-quiet" onClick={onClose}>
          {t('tadpole.groups.import.close')}
        </button>
      </div>
      <p className="tp-hint">{t('tadpole.groups.import.hint')}</p>
      <code className="gp-csv-header">{CSV_HEADER}</code>
      <input
        type="file"
        accept=".csv,text/csv"
        data-testid="group-import-file"
        onChange={(e) => void readFile(e.target.files?.[0])}
      />
      <textarea
        rows={5}
        value={text}
        data-testid="group-import-text"
        placeholder={CSV_HEADER}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="tp-buttons">
        <button
          type="button"
          className="tp-mid primary"
          disabled={busy || !text.trim()}
          onClick={() => void run()}
          data-testid="group-import-run"
        >
          {busy ? t('tadpole.groups.import.running') : t('tadpole.groups.import.run')}
        </button>
      </div>
      {error ? <p className="tp-error">{error}</p> : null}
      {result ? (
        <div data-testid="group-import-result">
          <p className="tp-hint">
            {t('tadpole.groups.import.summary', { created: result.created, failed: result.failed })}
          </p>
          <ul className="gp-import-rows">
            {result.rows.map((r) => (
              <li key={r.row} className={r.ok ? 'gp-ok' : 'gp-bad'}>
                {t('tadpole.groups.import.row', { row: r.row })} {r.name ?? ''} —{' '}
                {r.ok ? t('tadpole.groups.import.rowOk') : r.error}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
