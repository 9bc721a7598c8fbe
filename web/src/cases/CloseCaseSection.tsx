import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { caseApi } from './case-api.ts';
import { caseStore } from './case-store.ts';
import type { CaseDetail } from './case-types.ts';

export const caseOutcomes = ['found_safe', 'found_injured', 'found_dead', 'not_found', 'false_alarm', 'other'] as const;

/** The commander closes the case with its outcome (units still out are stood down by the server). */
export function CloseCaseSection({ detail, onError }: { detail: CaseDetail; onError: (message: string) => void }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<(typeof caseOutcomes)[number]>('found_safe');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const closed = detail.events.find((e) => e.type === 'closed');
  if (detail.case.status === 'closed') {
    const o = typeof closed?.data.outcome === 'string' ? closed.data.outcome : 'other';
    return (
      <section className="cases-section" data-testid="case-closed">
        <h4>{t('cases.closed', { outcome: t(`cases.outcome.${o}`, { defaultValue: o }) })}</h4>
        {typeof closed?.data.note === 'string' && closed.data.note ? <p>{closed.data.note}</p> : null}
      </section>
    );
  }
  const close = () => {
    if (!window.confirm(t('cases.closeConfirm'))) return;
    setBusy(true);
    caseApi
      .close(detail.case.id, { outcome, ...(note.trim() ? { note: note.trim() } : {}) })
      .then(() => caseStore.reloadSoon())
      .catch((err: unknown) => onError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="cases-section" data-testid="close-section">
      <h4>{t('cases.close')}</h4>
      <label>
        {t('cases.outcomeLabel')}
        <select value={outcome} onChange={(e) => setOutcome(e.target.value as (typeof caseOutcomes)[number])}>
          {caseOutcomes.map((o) => (
            <option key={o} value={o}>
              {t(`cases.outcome.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('cases.closeNote')}
        <input value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="button" disabled={busy} onClick={close} data-testid="close-case">
        {t('cases.closeButton')}
      </button>
    </section>
  );
}
