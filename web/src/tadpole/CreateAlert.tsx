import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppConfig } from '../api-types.ts';
import { useNow } from '../hooks.ts';
import { MapView } from '../map/core/MapView.tsx';
import { idempotencyKey } from '../shared/idempotency-key.ts';
import { ensureMap } from '../officer/ensure-map.ts';
import { draftToBody, emptyDraft, validateDraft, type AlertDraft, type DraftErrors } from './alert-form.ts';
import { shrinkPhoto } from './photo-shrink.ts';
import { tadpoleApi, uploadAlertPhoto } from './tadpole-api.ts';
import { ageBands, lawfulBases, sexes } from '@lookout/contracts';
import type { LonLat } from './tadpole-types.ts';
import { rememberLocalPhoto } from './PublicCardView.tsx';
import { PickLayer } from './TadpoleLayers.tsx';

const STATION_PHONE_KEY = 'lookout.tadpole.stationPhone';

type Phase =
  | { step: 'editing' }
  | { step: 'saving' }
  | { step: 'uploading'; alertId: string; pct: number }
  | { step: 'photoFailed'; alertId: string; message: string }
  | { step: 'failed'; message: string };

function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <label className={`tp-field${error ? ' has-error' : ''}`}>
      <span className="tp-label">{label}</span>
      {children}
      {error ? <span className="tp-error">{t(`tadpole.form.errors.${error}`)}</span> : null}
    </label>
  );
}

/** A new alert in under a minute on a phone: public card first, the staff-only case file clearly apart. */
export function CreateAlert({
  config,
  onCreated,
  onCancel,
}: {
  config: AppConfig;
  onCreated: (alertId: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<AlertDraft>(() =>
    emptyDraft(Date.now(), localStorage.getItem(STATION_PHONE_KEY) ?? ''),
  );
  // Once the liaison has tried to save, the form shows what is missing, re-checked on every change.
  const [checked, setChecked] = useState(false);
  const now = useNow(30_000);
  const [photo, setPhoto] = useState<File | null>(null);
  const [picking, setPicking] = useState(false);
  const [locating, setLocating] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'editing' });
  // One key per form: a retry after a lost answer returns the same alert, never a second one.
  const key = useRef(idempotencyKey());
  const photoUrl = useMemo(() => (photo ? URL.createObjectURL(photo) : null), [photo]);
  useEffect(() => () => void (photoUrl && URL.revokeObjectURL(photoUrl)), [photoUrl]);

  const set = <K extends keyof AlertDraft>(k: K, v: AlertDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const errors: DraftErrors = useMemo(() => (checked ? validateDraft(draft, now) : {}), [checked, draft, now]);

  useEffect(() => {
    if (picking) void ensureMap(config, draft.place ? [draft.place.lon, draft.place.lat] : undefined, 15);
  }, [picking, config, draft.place]);

  const onPick = useCallback((p: LonLat) => {
    setDraft((d) => ({ ...d, place: { ...p, datum: 'wgs84', source: 'map' } }));
  }, []);

  const myLocation = () => {
    if (!navigator.geolocation) return setLocating(t('tadpole.form.locateFailed', { message: 'no geolocation' }));
    setLocating(t('tadpole.form.locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(null);
        setDraft((d) => ({
          ...d,
          place: {
            lon: pos.coords.longitude,
            lat: pos.coords.latitude,
            datum: 'wgs84',
            source: 'device',
            accuracyM: Math.round(pos.coords.accuracy),
          },
        }));
      },
      (err) => setLocating(t('tadpole.form.locateFailed', { message: err.message || String(err.code) })),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  };

  const upload = async (alertId: string) => {
    if (!photo) return onCreated(alertId);
    setPhase({ step: 'uploading', alertId, pct: 0 });
    try {
      const small = await shrinkPhoto(photo);
      await uploadAlertPhoto(alertId, small, (f) => setPhase({ step: 'uploading', alertId, pct: Math.round(f * 100) }));
      rememberLocalPhoto(alertId, small);
      onCreated(alertId);
    } catch (err) {
      setPhase({ step: 'photoFailed', alertId, message: err instanceof Error ? err.message : String(err) });
    }
  };

  const submit = async () => {
    const e = validateDraft(draft, Date.now());
    setChecked(true);
    if (Object.keys(e).length > 0) {
      // After React has painted the red marks.
      setTimeout(() => document.querySelector('.has-error')?.scrollIntoView({ block: 'center' }), 0);
      return;
    }
    localStorage.setItem(STATION_PHONE_KEY, draft.contactPhone.trim());
    setPhase({ step: 'saving' });
    try {
      const r = await tadpoleApi.create(draftToBody(draft, key.current));
      await upload(r.alert.id);
    } catch (err) {
      setPhase({ step: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const busy = phase.step === 'saving' || phase.step === 'uploading';
  const kind = draft.kind;

  return (
    <div className="tp-page tp-form" data-testid="tadpole-form">
      <div className="tp-form-body">
        <div className="tp-seg tp-kind" role="radiogroup" aria-label={t('tadpole.form.kind')}>
          {(['found_child', 'lost_child'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="radio"
              aria-checked={kind === k}
              className={kind === k ? 'on' : ''}
              onClick={() => set('kind', k)}
              data-kind={k}
            >
              <strong>{t(`tadpole.kind.${k}`)}</strong>
              <small>{t(`tadpole.kindHint.${k}`)}</small>
            </button>
          ))}
        </div>

        <section className="tp-public">
          <h2>{t('tadpole.form.publicPart')}</h2>
          <p className="tp-hint">{t('tadpole.form.publicHint')}</p>

          <div className={`tp-field${errors.ageBand ? ' has-error' : ''}`}>
            <span className="tp-label">{t('tadpole.form.ageBand')}</span>
            <div className="tp-chips" role="radiogroup" aria-label={t('tadpole.form.ageBand')}>
              {ageBands.map((b) => (
                <button
                  key={b}
                  type="button"
                  role="radio"
                  aria-checked={draft.ageBand === b}
                  className={draft.ageBand === b ? 'on' : ''}
                  onClick={() => set('ageBand', b)}
                  data-age={b}
                >
                  {t(`tadpole.ageBand.${b}`)}
                </button>
              ))}
            </div>
            {errors.ageBand ? <span className="tp-error">{t('tadpole.form.errors.ageBand')}</span> : null}
          </div>

          <div className="tp-row">
            <div className="tp-field">
              <span className="tp-label">{t('tadpole.form.sex')}</span>
              <div className="tp-chips" role="radiogroup" aria-label={t('tadpole.form.sex')}>
                {sexes.map((s) => (
                  <button
                    key={s}
                    type="button"
                    role="radio"
                    aria-checked={draft.sex === s}
                    className={draft.sex === s ? 'on' : ''}
                    onClick={() => set('sex', s)}
                    data-sex={s}
                  >
                    {t(`tadpole.sex.${s}`)}
                  </button>
                ))}
              </div>
            </div>
            <Field label={t('tadpole.form.height')} error={errors.heightCm}>
              <input
                name="heightCm"
                inputMode="numeric"
                pattern="[0-9]*"
                value={draft.heightCm}
                onChange={(e) => set('heightCm', e.target.value)}
                className="tp-height"
              />
            </Field>
          </div>

          <Field label={t('tadpole.form.clothing')} error={errors.clothing}>
            <textarea
              name="clothing"
              rows={2}
              maxLength={500}
              placeholder={t('tadpole.form.clothingPlaceholder')}
              value={draft.clothing}
              onChange={(e) => set('clothing', e.target.value)}
            />
          </Field>

          <div className="tp-field">
            <span className="tp-label">{t('tadpole.form.photo')}</span>
            <div className="tp-photo-row">
              <label className="tp-big tp-file">
                {t('tadpole.form.takePhoto')}
                <input
                  type="file"
                  accept="image/*"
                  capture="environment"
                  name="photo"
                  data-testid="photo-input"
                  onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
                />
              </label>
              {photoUrl ? <img className="tp-thumb" src={photoUrl} alt="" /> : null}
            </div>
            {photo ? (
              <span className="tp-hint">
                {t('tadpole.form.photoChosen', { kb: Math.round(photo.size / 1024) })}{' '}
                <button type="button" className="tp-link" onClick={() => setPhoto(null)}>
                  {t('tadpole.form.removePhoto')}
                </button>
              </span>
            ) : null}
          </div>

          <div className={`tp-place${errors.place ? ' has-error' : ''}`}>
            <span className="tp-label">{t(`tadpole.form.placeLabel.${kind}`)}</span>
            <div className="tp-place-buttons">
              <button type="button" className="tp-big" onClick={myLocation} data-testid="my-location">
                {t('tadpole.form.myLocation')}
              </button>
              <button
                type="button"
                className={`tp-big${picking ? ' on' : ''}`}
                aria-pressed={picking}
                onClick={() => setPicking((p) => !p)}
                data-testid="pick-on-map"
              >
                {t('tadpole.form.pickOnMap')}
              </button>
            </div>
            {locating ? <span className="tp-hint">{locating}</span> : null}
            {picking ? (
              <div className="tp-pickmap" data-testid="pick-map">
                <MapView>
                  <PickLayer pin={draft.place} onPick={onPick} />
                </MapView>
                {!draft.place ? <div className="tp-pickmap-hint">{t('tadpole.form.pickHint')}</div> : null}
              </div>
            ) : null}
            {draft.place ? (
              <span className="tp-hint tp-place-set" data-testid="place-set">
                {t('tadpole.form.placeSet', { lat: draft.place.lat.toFixed(5), lon: draft.place.lon.toFixed(5) })}
                {draft.place.accuracyM ? t('tadpole.form.placeAccuracy', { acc: draft.place.accuracyM }) : ''}
              </span>
            ) : null}
            {errors.place ? <span className="tp-error">{t('tadpole.form.errors.place')}</span> : null}
            <Field label={t('tadpole.form.placeText')}>
              <input
                name="placeText"
                maxLength={500}
                placeholder={t('tadpole.form.placeTextPlaceholder')}
                value={draft.placeText}
                onChange={(e) => set('placeText', e.target.value)}
              />
            </Field>
          </div>

          <Field label={t(`tadpole.form.seenAt.${kind}`)} error={errors.seenAt}>
            <input
              name="seenAt"
              type="datetime-local"
              value={draft.seenAt}
              onChange={(e) => set('seenAt', e.target.value)}
            />
          </Field>
          <Field label={t('tadpole.form.contactPhone')} error={errors.contactPhone}>
            <input
              name="contactPhone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              value={draft.contactPhone}
              onChange={(e) => set('contactPhone', e.target.value)}
            />
          </Field>
          <Field label={t('tadpole.form.publicNote')}>
            <textarea
              name="publicNote"
              rows={2}
              maxLength={500}
              value={draft.publicNote}
              onChange={(e) => set('publicNote', e.target.value)}
            />
          </Field>
        </section>

        <section className="tp-internal" aria-label={t('tadpole.form.internalPart')}>
          <h2>
            {t('tadpole.form.internalPart')}{' '}
            <span className="tp-internal-badge">{t('tadpole.form.internalBadge')}</span>
          </h2>
          <p className="tp-hint">{t('tadpole.form.internalHint')}</p>
          <Field label={t('tadpole.form.childName')}>
            <input name="childName" value={draft.childName} onChange={(e) => set('childName', e.target.value)} />
          </Field>
          <div className="tp-row">
            <Field label={t('tadpole.form.guardianName')}>
              <input
                name="guardianName"
                value={draft.guardianName}
                onChange={(e) => set('guardianName', e.target.value)}
              />
            </Field>
            <Field label={t('tadpole.form.guardianPhone')} error={errors.guardianPhone}>
              <input
                name="guardianPhone"
                type="tel"
                inputMode="tel"
                value={draft.guardianPhone}
                onChange={(e) => set('guardianPhone', e.target.value)}
              />
            </Field>
          </div>
          <Field label={t('tadpole.form.school')}>
            <input name="school" value={draft.school} onChange={(e) => set('school', e.target.value)} />
          </Field>
          <Field label={t('tadpole.form.idNumber')}>
            <input name="idNumber" value={draft.idNumber} onChange={(e) => set('idNumber', e.target.value)} />
          </Field>
          <Field label={t('tadpole.form.caseNotes')}>
            <textarea
              name="caseNotes"
              rows={2}
              value={draft.caseNotes}
              onChange={(e) => set('caseNotes', e.target.value)}
            />
          </Field>
          <Field label={t('tadpole.form.lawfulBasis')}>
            <select
              name="lawfulBasis"
              value={draft.lawfulBasis}
              onChange={(e) => set('lawfulBasis', e.target.value as AlertDraft['lawfulBasis'])}
            >
              {lawfulBases.map((b) => (
                <option key={b} value={b}>
                  {t(`tadpole.form.lawful.${b}`)}
                </option>
              ))}
            </select>
          </Field>
          {kind === 'lost_child' ? (
            <label className="tp-check">
              <input
                type="checkbox"
                checked={draft.guardianConsent}
                onChange={(e) => set('guardianConsent', e.target.checked)}
              />
              {t('tadpole.form.guardianConsent')}
            </label>
          ) : null}
        </section>
      </div>

      <div className="tp-actionbar" aria-live="polite">
        {Object.keys(errors).length > 0 && phase.step === 'editing' ? (
          <p className="tp-error">{t('tadpole.form.fix')}</p>
        ) : null}
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
              <button type="button" className="tp-big" onClick={() => void upload(phase.alertId)}>
                {t('tadpole.form.retryPhoto')}
              </button>
              <button type="button" className="tp-big" onClick={() => onCreated(phase.alertId)}>
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
              onClick={() => void submit()}
              disabled={busy}
              data-testid="tadpole-submit"
            >
              {phase.step === 'saving' ? t('tadpole.form.saving') : t('tadpole.form.submit')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
