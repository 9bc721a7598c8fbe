import { useTranslation } from 'react-i18next';

export type SavePhase =
  | { step: 'editing' }
  | { step: 'saving' }
  | { step: 'uploading'; alertId: string; pct: number }
  | { step: 'photoFailed'; alertId: string; message: string }
  | { step: 'failed'; message: string };

/** Save and cancel at the bottom of the form, with what saving is doing: the photo's upload, or what failed. */
export function AlertActionBar({
  phase,
  hasErrors,
  onSubmit,
  onCancel,
  onRetryPhoto,
  onSkipPhoto,
}: {
  phase: SavePhase;
  hasErrors: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  onRetryPhoto: (alertId: string) => void;
  onSkipPhoto: (alertId: string) => void;
}) {
  const { t } = useTranslation();
  const busy = phase.step === 'saving' || phase.step === 'uploading';
  return (
    <div className="tp-actionbar" aria-live="polite">
      {hasErrors && phase.step === 'editing' ? <p className="tp-error">{t('tadpole.form.fix')}</p> : null}
      {phase.step === 'failed' ? (
        <p className="tp-error">{t('tadpole.form.failed', { message: phase.message })}</p>
      ) : null}
      {phase.step === 'uploading' ? (
        <div className="tp-progress" data-testid="upload-progress" data-pct={phase.pct}>
          <div className="tp-progress-bar" style={{ width: `${phase.pct}%` }} />
          <span>{t('tadpole.form.uploading', { pct: phase.pct })}</span>
        </div>
      ) : null}
      {phase.step === 'photoFailed' ? (
        <div className="tp-photo-failed">
          <p className="tp-error">{t('tadpole.form.photoFailed', { message: phase.message })}</p>
          <div className="tp-buttons">
            <button type="button" className="tp-big" onClick={() => onRetryPhoto(phase.alertId)}>
              {t('tadpole.form.retryPhoto')}
            </button>
            <button type="button" className="tp-big" onClick={() => onSkipPhoto(phase.alertId)}>
              {t('tadpole.form.continueWithout')}
            </button>
          </div>
        </div>
      ) : (
        <div className="tp-buttons">
          <button type="button" className="tp-big" onClick={onCancel} disabled={busy}>
            {t('tadpole.form.cancel')}
          </button>
          <button
            type="button"
            className="tp-big primary tp-grow"
            onClick={onSubmit}
            disabled={busy}
            data-testid="tadpole-submit"
          >
            {phase.step === 'saving' ? t('tadpole.form.saving') : t('tadpole.form.submit')}
          </button>
        </div>
      )}
    </div>
  );
}
