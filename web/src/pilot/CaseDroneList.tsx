import type { CaseDrone } from '@lookout/contracts';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './pilot-i18n.ts';

/** The drones flying for a case with their pilots, `extra` buttons, and 撤离 on the ones `mayDetach` allows. */
export function CaseDroneList({
  drones,
  mayDetach,
  onDetach,
  extra,
}: {
  drones: readonly CaseDrone[];
  mayDetach: (d: CaseDrone) => boolean;
  onDetach: (droneId: string) => void;
  /** More buttons on a drone's row (its live video, its stream URL). */
  extra?: (d: CaseDrone) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <ul className="cases-fixes">
      {drones.map((d) => (
        <li key={d.droneId} className="cases-row">
          <span>
            {d.pilotName
              ? t('pilot.dronePilot', { drone: d.callsign, pilot: d.pilotName })
              : t('pilot.noPilot', { drone: d.callsign })}
          </span>
          {extra?.(d)}
          {mayDetach(d) ? (
            <button type="button" onClick={() => onDetach(d.droneId)} data-testid={`detach-${d.droneId}`}>
              {t('pilot.detach')}
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
