import { useTranslation } from 'react-i18next';
import { lawfulBases } from '@lookout/contracts';
import type { AlertDraft, DraftErrors } from '../alert-form.ts';
import { FormField } from './FormField.tsx';

type SetField = <K extends keyof AlertDraft>(k: K, v: AlertDraft[K]) => void;

/** The staff-only case file: names, numbers and the lawful basis, kept apart from what the public card shows. */
export function CaseFilePart({ draft, errors, set }: { draft: AlertDraft; errors: DraftErrors; set: SetField }) {
  const { t } = useTranslation();
  const text = (name: 'childName' | 'school' | 'idNumber') => (
    <FormField label={t(`tadpole.form.${name}`)}>
      <input name={name} value={draft[name]} onChange={(e) => set(name, e.target.value)} />
    </FormField>
  );
  return (
    <section className="tp-internal" aria-label={t('tadpole.form.internalPart')}>
      <h2>
        {t('tadpole.form.internalPart')} <span className="tp-internal-badge">{t('tadpole.form.internalBadge')}</span>
      </h2>
      <p className="tp-hint">{t('tadpole.form.internalHint')}</p>
      {text('childName')}
      <div className="tp-row">
        <FormField label={t('tadpole.form.guardianName')}>
          <input name="guardianName" value={draft.guardianName} onChange={(e) => set('guardianName', e.target.value)} />
        </FormField>
        <FormField label={t('tadpole.form.guardianPhone')} error={errors.guardianPhone}>
          <input
            name="guardianPhone"
            type="tel"
            inputMode="tel"
            value={draft.guardianPhone}
            onChange={(e) => set('guardianPhone', e.target.value)}
          />
        </FormField>
      </div>
      {text('school')}
      {text('idNumber')}
      <FormField label={t('tadpole.form.caseNotes')}>
        <textarea
          name="caseNotes"
          rows={2}
          value={draft.caseNotes}
          onChange={(e) => set('caseNotes', e.target.value)}
        />
      </FormField>
      <FormField label={t('tadpole.form.lawfulBasis')}>
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
      </FormField>
      {draft.kind === 'lost_child' ? (
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
  );
}
