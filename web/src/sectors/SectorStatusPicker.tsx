import { useTranslation } from 'react-i18next';
import { sectorStatuses, type SectorFeature, type SectorStatus } from '@lookout/contracts';
import './sectors-i18n.ts';

/**
 * A sector's status (未搜, 搜索中, 已搜, 需复搜) as a picker: the commander's list and the pilot's panel set it with
 * the same control.
 */
export function SectorStatusPicker({
  sector,
  onChange,
  disabled = false,
}: {
  sector: SectorFeature;
  onChange: (status: SectorStatus) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <select
      aria-label={t('sectors.statusOf', { name: sector.properties.name })}
      value={sector.properties.status}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value as SectorStatus)}
      data-testid="sector-status"
    >
      {sectorStatuses.map((st) => (
        <option key={st} value={st}>
          {t(`sectors.status.${st}`)}
        </option>
      ))}
    </select>
  );
}
