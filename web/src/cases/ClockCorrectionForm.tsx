import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { correctClock } from './clock-correction-api.ts';
import { correctionErrorKey, fromLocalInput, toLocalInput } from './case-timeline.ts';
import type { CaseEvent } from './case-types.ts';

/**
 * 更正时间 for one step (commander, admin): the step's time said again with a reason, as a new `clock_corrected`
 * event (POST /cases/:id/clock-corrections); the original events stay. The server's 400 is shown in the user's
 * language.
 */
export function ClockCorrectionForm({
  caseId,
  step,
  stepName,
  current,
  onDone,
}: {
  caseId: string;
  /** The server's step name. */
  step: string;
  stepName: string;
  /** The step's time now, to start from; now when it has none. */
  current: string | null;
  onDone: (correction: CaseEvent | null) => void;
}) {
  const { t } = useTranslation();
  const [at, setAt] = useState(() => toLocalInput(current ?? new Date().toISOString()));
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const iso = fromLocalInput(at);
    if (!iso) {
      setError(t('caseTimeline.errors.time'));
      return;
    }
    setBusy(true);
    setError(null);
    correctClock(caseId, { step, at: iso, reason: reason.trim() })
      .then((r) => onDone(r.correction))
      .catch((err: unknown) => {
        setBusy(false);
        if (err instanceof ApiError) {
          const key = correctionErrorKey(err);
          setError(key ? t(key) : t('cases.error', { message: err.message }));
        } else setError(t('cases.error', { message: String(err) }));
      });
  };

  return (
    <form className="timeline-correct" onSubmit={submit} data-testid={`correct-form-${step}`}>
      <strong>{t('caseTimeline.form.title', { step: stepName })}</strong>
      <label>
        {t('caseTimeline.form.time')}
        <input
          type="datetime-local"
          step={1}
          required
          value={at}
          onChange={(e) => setAt(e.target.value)}
          data-testid="correct-at"
        />
      </label>
      <label>
        {t('caseTimeline.form.reason')}
        <textarea
          required
          minLength={3}
          maxLength={500}
          rows={2}
          placeholder={t('caseTimeline.form.reasonHint')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="correct-reason"
        />
      </label>
      {error ? (
        <p className="error" data-testid="correct-error">
          {error}
        </p>
      ) : null}
      <div className="cases-row">
        <button type="submit" className="primary" disabled={busy} data-testid="correct-submit">
          {t('caseTimeline.form.submit')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('cases.cancel')}
        </button>
      </div>
    </form>
  );
}
