import { useTranslation } from 'react-i18next';
import type { Unit } from './case-types.ts';

/** The unit to send, with what it is doing now. */
export function UnitSelect({
  units,
  value,
  onChange,
  testId,
  caseId,
}: {
  units: Unit[];
  value: string;
  onChange: (unitId: string) => void;
  testId: string;
  /** The case being dispatched for: a unit already out on it is marked en route. */
  caseId?: string;
}) {
  const { t } = useTranslation();
  return (
    <select aria-label={t('cases.unit')} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="">{t('cases.unit')}</option>
      {units.map((u) => (
        <option key={u.id} value={u.id}>
          {u.agency ? t('cases.team.unitLabel', { callsign: u.callsign, agency: u.agency }) : u.callsign}
          {u.assignment
            ? u.assignment.caseId === caseId && u.assignment.status !== 'found'
              ? ` (${t('cases.enRoute')} · ${t('officer.status.' + u.assignment.status)})`
              : ` (${t('officer.status.' + u.assignment.status)})`
            : ''}
        </option>
      ))}
    </select>
  );
}
