import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { idempotencyKey } from '../shared/idempotency-key.ts';
import { caseApi } from './case-api.ts';
import { caseStore } from './case-store.ts';
import { datums, type Datum } from '@lookout/contracts';
import type { CaseDetail } from './case-types.ts';
import { errText } from './case-ui.ts';

/** A caller location typed by staff (coordinates or a shared map pin), with its datum and accuracy. */
export function ManualSection({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [datum, setDatum] = useState<'auto' | Datum>('auto');
  const [accuracy, setAccuracy] = useState('50');
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="cases-section" data-testid="manual-section">
      <h4>{t('cases.manual.title')}</h4>
      <textarea
        aria-label={t('cases.manual.text')}
        placeholder={t('cases.manual.text')}
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="cases-row">
        <select
          aria-label={t('cases.fields.datum')}
          value={datum}
          onChange={(e) => setDatum(e.target.value as 'auto' | Datum)}
        >
          {(['auto', ...datums] as const).map((d) => (
            <option key={d} value={d}>
              {t(`cases.datumName.${d}`)}
            </option>
          ))}
        </select>
        <label className="narrow">
          {t('cases.manual.accuracy')}
          <input type="number" value={accuracy} onChange={(e) => setAccuracy(e.target.value)} />
        </label>
        <button
          type="button"
          className="primary"
          disabled={!text.trim()}
          onClick={() => {
            setError(null);
            caseApi
              .addCallerLocation(detail.case.id, {
                text: text.trim(),
                ...(datum === 'auto' ? {} : { datum }),
                accuracyM: Number(accuracy),
                idempotencyKey: idempotencyKey(),
              })
              .then(() => {
                setText('');
                caseStore.reloadSoon();
              })
              .catch((err: unknown) => setError(errText(err)));
          }}
        >
          {t('cases.manual.submit')}
        </button>
      </div>
      {error ? (
        <p className="error" data-testid="manual-error">
          {t('cases.error', { message: error })}
        </p>
      ) : null}
    </section>
  );
}
