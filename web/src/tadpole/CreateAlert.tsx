import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ageBands, sexes } from '@lookout/contracts';
import type { AppConfig } from '../api-types.ts';
import { useNow } from '../hooks.ts';
import { idempotencyKey } from '../shared/idempotency-key.ts';
import {
  draftToBody,
  emptyDraft,
  validateDraft,
  type AlertDraft,
  type DraftErrors,
  type PlaceInput,
} from './alert-form.ts';
import { AlertActionBar, type SavePhase } from './create-alert/AlertActionBar.tsx';
import { CaseFilePart } from './create-alert/CaseFilePart.tsx';
import { ChoiceChips } from './create-alert/ChoiceChips.tsx';
import { FormField } from './create-alert/FormField.tsx';
import { PhotoField } from './create-alert/PhotoField.tsx';
import { PlaceField } from './create-alert/PlaceField.tsx';
import { shrinkPhoto } from './photo-shrink.ts';
import { rememberLocalPhoto } from './PublicCardView.tsx';
import { tadpoleApi, uploadAlertPhoto } from './tadpole-api.ts';

const STATION_PHONE_KEY = 'lookout.tadpole.stationPhone';

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
  const [phase, setPhase] = useState<SavePhase>({ step: 'editing' });
  // One key per form: a retry after a lost answer returns the same alert, never a second one.
  const key = useRef(idempotencyKey());

  const set = <K extends keyof AlertDraft>(k: K, v: AlertDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setPlace = useCallback((place: PlaceInput) => setDraft((d) => ({ ...d, place })), []);
  const errors: DraftErrors = useMemo(() => (checked ? validateDraft(draft, now) : {}), [checked, draft, now]);

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

  const kind = draft.kind;
  const textInput = (name: 'contactPhone', type: 'tel') => (
    <input
      name={name}
      type={type}
      inputMode={type}
      autoComplete={type}
      value={draft[name]}
      onChange={(e) => set(name, e.target.value)}
    />
  );

  return (
    <div className="tp-page tp-form" data-testid="tadpole-form">
      <div className="tp-form-body">
        <ChoiceChips
          label={t('tadpole.form.kind')}
          className="tp-seg tp-kind"
          options={['found_child', 'lost_child'] as const}
          value={kind}
          onChange={(k) => set('kind', k)}
          dataKey="kind"
          render={(k) => (
            <>
              <strong>{t(`tadpole.kind.${k}`)}</strong>
              <small>{t(`tadpole.kindHint.${k}`)}</small>
            </>
          )}
        />

        <section className="tp-public">
          <h2>{t('tadpole.form.publicPart')}</h2>
          <p className="tp-hint">{t('tadpole.form.publicHint')}</p>

          <div className={`tp-field${errors.ageBand ? ' has-error' : ''}`}>
            <span className="tp-label">{t('tadpole.form.ageBand')}</span>
            <ChoiceChips
              label={t('tadpole.form.ageBand')}
              options={ageBands}
              value={draft.ageBand}
              onChange={(b) => set('ageBand', b)}
              dataKey="age"
              render={(b) => t(`tadpole.ageBand.${b}`)}
            />
            {errors.ageBand ? <span className="tp-error">{t('tadpole.form.errors.ageBand')}</span> : null}
          </div>

          <div className="tp-row">
            <div className="tp-field">
              <span className="tp-label">{t('tadpole.form.sex')}</span>
              <ChoiceChips
                label={t('tadpole.form.sex')}
                options={sexes}
                value={draft.sex}
                onChange={(s) => set('sex', s)}
                dataKey="sex"
                render={(s) => t(`tadpole.sex.${s}`)}
              />
            </div>
            <FormField label={t('tadpole.form.height')} error={errors.heightCm}>
              <input
                name="heightCm"
                inputMode="numeric"
                pattern="[0-9]*"
                value={draft.heightCm}
                onChange={(e) => set('heightCm', e.target.value)}
                className="tp-height"
              />
            </FormField>
          </div>

          <FormField label={t('tadpole.form.clothing')} error={errors.clothing}>
            <textarea
              name="clothing"
              rows={2}
              maxLength={500}
              placeholder={t('tadpole.form.clothingPlaceholder')}
              value={draft.clothing}
              onChange={(e) => set('clothing', e.target.value)}
            />
          </FormField>

          <PhotoField photo={photo} onChange={setPhoto} />

          <PlaceField config={config} kind={kind} place={draft.place} onPlace={setPlace} error={errors.place}>
            <FormField label={t('tadpole.form.placeText')}>
              <input
                name="placeText"
                maxLength={500}
                placeholder={t('tadpole.form.placeTextPlaceholder')}
                value={draft.placeText}
                onChange={(e) => set('placeText', e.target.value)}
              />
            </FormField>
          </PlaceField>

          <FormField label={t(`tadpole.form.seenAt.${kind}`)} error={errors.seenAt}>
            <input
              name="seenAt"
              type="datetime-local"
              value={draft.seenAt}
              onChange={(e) => set('seenAt', e.target.value)}
            />
          </FormField>
          <FormField label={t('tadpole.form.contactPhone')} error={errors.contactPhone}>
            {textInput('contactPhone', 'tel')}
          </FormField>
          <FormField label={t('tadpole.form.publicNote')}>
            <textarea
              name="publicNote"
              rows={2}
              maxLength={500}
              value={draft.publicNote}
              onChange={(e) => set('publicNote', e.target.value)}
            />
          </FormField>
        </section>

        <CaseFilePart draft={draft} errors={errors} set={set} />
      </div>

      <AlertActionBar
        phase={phase}
        hasErrors={Object.keys(errors).length > 0}
        onSubmit={() => void submit()}
        onCancel={onCancel}
        onRetryPhoto={(id) => void upload(id)}
        onSkipPhoto={onCreated}
      />
    </div>
  );
}
