import type { CaseDrone } from '@lookout/contracts';
import { useTranslation } from 'react-i18next';
import './pilot-i18n.ts';

/** The drones flying for a case with their pilots, and 撤离 on the ones `mayDetach` allows. */
export function CaseDroneList({
  drones,
  mayDetach,
  onDetach,
}: {
  drones: readonly CaseDrone[];
  mayDetach: (d: CaseDrone) => boolean;
  onDetach: (droneId: string) => void;
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
