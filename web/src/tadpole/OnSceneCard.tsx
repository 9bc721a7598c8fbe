import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api-types.ts';
import { isStaff } from '../shared/roles.ts';
import { shortTime } from './countdown.ts';
import { tadpoleApi } from './tadpole-api.ts';
import type { AlertDetail } from './tadpole-types.ts';

/**
 * The officer's arrival (the clocks' on-scene step) and where the child is now (staff only, never on the
 * public card).
 */
export function OnSceneCard({
  detail,
  user,
  now,
  onChanged,
}: {
  detail: AlertDetail;
  user: User;
  now: number;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const a = detail.alert;
  const onSceneAt = detail.timeline.steps.find((s) => s.step === 'on_scene')?.at ?? null;
  const [care, setCare] = useState(a.careLocation ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const closed = a.retractedAt !== null || a.status === 'handed_over' || a.status === 'cancelled';

  const act = (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    fn()
      .then(onChanged)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };
  const careChanged = care.trim() !== (a.careLocation ?? '');

  return (
    <section className="tp-card" data-testid="on-scene-card">
      <h3>{t('tadpole.care.title')}</h3>
      {error ? <p className="tp-error">{t('tadpole.reunion.failed', { message: error })}</p> : null}
      {onSceneAt ? (
        <p className="tp-done" data-testid="on-scene-done">
          {t('tadpole.care.onSceneDone', { time: shortTime(onSceneAt, now) })}
        </p>
      ) : isStaff(user) && !closed ? (
        <>
          <button
            type="button"
            className="tp-big primary"
            data-testid="on-scene"
            disabled={busy}
            onClick={() => act(() => tadpoleApi.onScene(a.id))}
          >
            {t('tadpole.care.onScene')}
          </button>
          <p className="tp-hint">{t('tadpole.care.onSceneHint')}</p>
        </>
      ) : null}
      <label className="tp-field">
        {t('tadpole.care.careLocation')}
        <span className="tp-row">
          <input
            name="careLocation"
            value={care}
            maxLength={200}
            disabled={busy || closed}
            placeholder={t('tadpole.care.careLocationPlaceholder')}
            onChange={(e) => setCare(e.target.value)}
          />
          <button
            type="button"
            className="tp-row-action"
            data-testid="care-location-save"
            disabled={busy || closed || !careChanged}
            onClick={() => act(() => tadpoleApi.setCareLocation(a.id, care.trim() || null))}
          >
            {t('tadpole.care.careLocationSave')}
          </button>
        </span>
      </label>
      <p className="tp-hint">{t('tadpole.care.careLocationPrivate')}</p>
    </section>
  );
}
