import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api-types.ts';
import { shortTime } from './countdown.ts';
import { tadpoleApi } from './tadpole-api.ts';
import { verificationMethods, type VerificationMethod } from '@lookout/contracts';
import type { AlertDetail, LonLat } from './tadpole-types.ts';
import { verifiesReports } from '../shared/roles.ts';
import { OnSceneCard } from './OnSceneCard.tsx';

export const PUBLIC_PURGE_HOURS = 24;

/**
 * Reunion and retraction. A found child goes to a guardian only after the verification is recorded (who, how);
 * a lost child is marked found with where. Then the retraction: every group is asked to delete the forward.
 */
export function ReunionTab({
  detail,
  user,
  now,
  pin,
  picking,
  onPickToggle,
  onChanged,
}: {
  detail: AlertDetail;
  user: User;
  now: number;
  pin: LonLat | null;
  picking: boolean;
  onPickToggle: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const a = detail.alert;
  const officer = verifiesReports(user);
  const [methods, setMethods] = useState<Set<VerificationMethod>>(new Set());
  const [relation, setRelation] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [mine, setMine] = useState<LonLat | null>(null);

  const act = (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    fn()
      .then(onChanged)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
      .finally(() => setBusy(false));
  };

  const gv = detail.guardianVerification;
  const retracted = a.retractedAt !== null;
  const foundStep = detail.timeline.steps.find((s) => s.step === 'found')?.at ?? null;
  const handoverStep = detail.timeline.steps.find((s) => s.step === 'handover')?.at ?? null;
  const canHandover =
    a.status !== 'handed_over' && !retracted && (a.kind === 'found_child' ? gv !== null : a.status === 'found');

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => setMine({ lon: p.coords.longitude, lat: p.coords.latitude }),
      (err) => setError(err.message || String(err.code)),
      { enableHighAccuracy: true, timeout: 20_000 },
    );

  return (
    <div className="tp-tab" data-testid="reunion-tab">
      {error ? <p className="tp-error">{t('tadpole.reunion.failed', { message: error })}</p> : null}

      <OnSceneCard detail={detail} user={user} now={now} onChanged={onChanged} />

      {a.kind === 'found_child' ? (
        <section className="tp-card" data-testid="guardian-section">
          <h3>{t('tadpole.reunion.foundChildTitle')}</h3>
          {gv ? (
            <p className="tp-done" data-testid="guardian-verified">
              ✓{' '}
              {t('tadpole.reunion.verified', {
                methods: gv.methods.map((m) => t(`tadpole.reunion.method.${m}`)).join('、'),
                time: shortTime(gv.at, now),
              })}
            </p>
          ) : retracted || a.status === 'draft' ? null : (
            <>
              <p className="tp-hint">{t('tadpole.reunion.foundChildHint')}</p>
              <p>
                <span className="tp-label">{t('tadpole.reunion.who')}</span> {user.displayName || user.username}
              </p>
              <fieldset className="tp-methods">
                <legend className="tp-label">{t('tadpole.reunion.how')}</legend>
                {verificationMethods.map((m) => (
                  <label key={m} className={`tp-check tp-check-big${methods.has(m) ? ' on' : ''}`}>
                    <input
                      type="checkbox"
                      checked={methods.has(m)}
                      data-method={m}
                      onChange={(e) =>
                        setMethods((s) => {
                          const n = new Set(s);
                          if (e.target.checked) n.add(m);
                          else n.delete(m);
                          return n;
                        })
                      }
                    />
                    {t(`tadpole.reunion.method.${m}`)}
                  </label>
                ))}
              </fieldset>
              <label className="tp-field">
                <span className="tp-label">{t('tadpole.reunion.relation')}</span>
                <input
                  name="relation"
                  value={relation}
                  placeholder={t('tadpole.reunion.relationPlaceholder')}
                  onChange={(e) => setRelation(e.target.value)}
                />
              </label>
              <label className="tp-field">
                <span className="tp-label">{t('tadpole.reunion.note')}</span>
                <input name="note" value={note} onChange={(e) => setNote(e.target.value)} />
              </label>
              <button
                type="button"
                className="tp-big primary"
                disabled={busy || methods.size === 0}
                onClick={() =>
                  act(() => tadpoleApi.verifyGuardian(a.id, [...methods], relation.trim(), note.trim() || undefined))
                }
                data-testid="verify-guardian"
              >
                {t('tadpole.reunion.verifyGuardian')}
              </button>
              {methods.size === 0 ? <p className="tp-hint">{t('tadpole.reunion.needMethod')}</p> : null}
            </>
          )}
        </section>
      ) : (
        <section className="tp-card" data-testid="found-section">
          <h3>{t('tadpole.reunion.lostChildTitle')}</h3>
          {a.status === 'found' || a.status === 'handed_over' ? (
            <p className="tp-done">
              ✓ {t('tadpole.reunion.foundRecorded', { time: foundStep ? shortTime(foundStep, now) : '' })}
            </p>
          ) : a.status === 'active' && !retracted ? (
            <>
              <span className="tp-label">{t('tadpole.reunion.foundAt')}</span>
              <div className="tp-buttons">
                <button type="button" className={`tp-mid${mine ? ' on' : ''}`} onClick={locate}>
                  {t('tadpole.reunion.foundUseMine')}
                </button>
                <button type="button" className={`tp-mid${picking ? ' on' : ''}`} onClick={onPickToggle}>
                  {t('tadpole.reunion.foundUsePin')}
                </button>
              </div>
              {(mine ?? pin) ? (
                <p className="tp-hint">
                  {(mine ?? pin)!.lat.toFixed(5)}, {(mine ?? pin)!.lon.toFixed(5)}
                </p>
              ) : null}
              <button
                type="button"
                className="tp-big primary"
                disabled={busy || !(mine ?? pin)}
                onClick={() => {
                  const p = (mine ?? pin)!;
                  act(() => tadpoleApi.found(a.id, { lon: p.lon, lat: p.lat, datum: 'wgs84' }));
                }}
                data-testid="record-found"
              >
                {t('tadpole.reunion.foundHere')}
              </button>
            </>
          ) : null}
        </section>
      )}

      <section className="tp-card">
        {a.status === 'handed_over' ? (
          <p className="tp-done" data-testid="handed-over">
            ✓ {t('tadpole.reunion.handedOver', { time: handoverStep ? shortTime(handoverStep, now) : '' })}
          </p>
        ) : (
          <>
            <button
              type="button"
              className="tp-big primary tp-wide"
              disabled={busy || !canHandover}
              onClick={() => act(() => tadpoleApi.handover(a.id))}
              data-testid="handover"
            >
              {t('tadpole.reunion.handover')}
            </button>
            {!canHandover && a.kind === 'found_child' && !gv ? (
              <p className="tp-hint">{t('tadpole.reunion.handoverNeedsVerification')}</p>
            ) : null}
          </>
        )}
      </section>

      {a.status !== 'draft' ? (
        <section className="tp-card tp-retract" data-testid="retract-section">
          <h3>{t('tadpole.reunion.retractTitle')}</h3>
          {retracted ? (
            <p className="tp-done" data-testid="retracted">
              ✓{' '}
              {t('tadpole.reunion.retracted', {
                time: shortTime(a.retractedAt!, now),
                count: detail.deliveries.groups,
              })}
            </p>
          ) : (
            <>
              <p className="tp-hint">{t('tadpole.reunion.retractHint', { hours: PUBLIC_PURGE_HOURS })}</p>
              {officer ? (
                <div className="tp-buttons tp-stack">
                  <button
                    type="button"
                    className="tp-big tp-danger"
                    disabled={busy}
                    data-testid="retract-reunited"
                    onClick={() => {
                      if (window.confirm(t('tadpole.reunion.retractConfirm')))
                        act(() => tadpoleApi.retract(a.id, 'reunited'));
                    }}
                  >
                    {t('tadpole.reunion.retractReunited')}
                  </button>
                  <button
                    type="button"
                    className="tp-big tp-quiet"
                    disabled={busy}
                    onClick={() => {
                      if (window.confirm(t('tadpole.reunion.retractConfirm')))
                        act(() => tadpoleApi.retract(a.id, 'withdrawn'));
                    }}
                  >
                    {t('tadpole.reunion.retractWithdrawn')}
                  </button>
                </div>
              ) : detail.retractionRequest ? (
                <p className="tp-done" data-testid="retraction-requested">
                  ✓ {t('tadpole.reunion.retractRequested', { time: shortTime(detail.retractionRequest.at, now) })}
                </p>
              ) : (
                <>
                  <p className="tp-hint">{t('tadpole.reunion.retractNeedsOfficer')}</p>
                  <button
                    type="button"
                    className="tp-big tp-danger"
                    disabled={busy}
                    data-testid="request-retraction"
                    onClick={() => act(() => tadpoleApi.requestRetraction(a.id))}
                  >
                    {t('tadpole.reunion.requestRetraction')}
                  </button>
                </>
              )}
            </>
          )}
        </section>
      ) : null}
    </div>
  );
}
