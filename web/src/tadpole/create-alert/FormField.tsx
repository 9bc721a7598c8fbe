import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A labelled form field with its error, marked red once the liaison has tried to save. */
export function FormField({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <label className={`tp-field${error ? ' has-error' : ''}`}>
      <span className="tp-label">{label}</span>
      {children}
      {error ? <span className="tp-error">{t(`tadpole.form.errors.${error}`)}</span> : null}
    </label>
  );
}
