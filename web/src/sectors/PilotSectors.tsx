import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SectorFeature, SectorStatus } from '@lookout/contracts';
import { sectorStore, useSectorStore } from './sector-store.ts';
import { sectorsApi } from './sectors-api.ts';
import { sectorErrText } from './sectors-i18n.ts';
import { statusColour } from './SectorsLayer.tsx';
import { SectorStatusPicker } from './SectorStatusPicker.tsx';
import './sectors.css';

/**
 * 我的区块 in the pilot's panel: the sectors of the case assigned to the drones he flies for it, each with its
 * status to set (the server lets him set only that, and only on these).
 */
export function PilotSectors({
  caseId,
  droneIds,
  open,
}: {
  caseId: string;
  /** The drones he flies for this case. */
  droneIds: readonly string[];
  open: boolean;
}) {
  const { t } = useTranslation();
  const store = useSectorStore();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mine = (store.caseId === caseId ? store.sectors : []).filter(
    (s) => s.properties.assignee?.kind === 'drone' && droneIds.includes(s.properties.assignee.ref),
  );
  const set = (s: SectorFeature, status: SectorStatus) => {
    setBusy(s.id);
    setError(null);
    sectorsApi
      .patch(caseId, s.id, { status })
      .then(() => sectorStore.reload())
      .catch((err: unknown) => setError(sectorErrText(err)))
      .finally(() => setBusy(null));
  };
  return (
    <section className="cases-section sectors-section" data-testid="pilot-sectors">
      <h4>{t('sectors.pilot.title')}</h4>
      {error ? (
        <p className="error" data-testid="sector-error">
          {error}
        </p>
      ) : null}
      {mine.length === 0 ? (
        <p className="muted">{t('sectors.pilot.none')}</p>
      ) : (
        <ul className="sector-list">
          {mine.map((s) => (
            <li key={s.id} data-testid="sector-row" data-name={s.properties.name} data-status={s.properties.status}>
              <span className="sector-name">
                <span className="sector-dot" style={{ background: statusColour[s.properties.status] }} />
                {s.properties.name}
              </span>
              {open ? (
                <SectorStatusPicker sector={s} disabled={busy === s.id} onChange={(st) => set(s, st)} />
              ) : (
                <span>{t(`sectors.status.${s.properties.status}`)}</span>
              )}
              <span className="muted">{s.properties.assignee?.label}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
