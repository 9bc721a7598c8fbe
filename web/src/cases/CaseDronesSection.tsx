import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { liveStore, useTopic } from '../live/store.ts';
import { CaseDroneList } from '../pilot/CaseDroneList.tsx';
import { pilotApi } from '../pilot/pilot-api.ts';
import '../pilot/pilot-i18n.ts';
import { caseStore } from './case-store.ts';
import type { CaseDetail } from './case-types.ts';
import { errText } from './case-ui.ts';
import { VideoButton } from '../video/VideoButton.tsx';

/**
 * The drones flying for the case and their pilots, for the commander: he attaches a drone (its pilot then joins
 * himself from his map, or was named when it was attached) and detaches one.
 */
export function CaseDronesSection({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  useTopic('drones');
  const c = detail.case;
  const attached = new Set(detail.drones.map((d) => d.droneId));
  const free = [...liveStore.drones.values()]
    .filter((d) => !attached.has(d.id))
    .sort((a, b) => a.callsign.localeCompare(b.callsign));
  const [droneId, setDroneId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = (p: Promise<unknown>) => {
    setError(null);
    p.then(() => caseStore.reloadSoon()).catch((err: unknown) => setError(errText(err)));
  };
  return (
    <section className="cases-section" data-testid="case-drones">
      <h4>{t('pilot.drones')}</h4>
      <CaseDroneList
        drones={detail.drones}
        mayDetach={() => c.status === 'open'}
        onDetach={(droneId) => run(pilotApi.detach(c.id, droneId))}
        extra={(d) => <VideoButton droneId={d.droneId} caseId={c.status === 'open' ? c.id : null} />}
      />
      {c.status === 'open' ? (
        <div className="cases-row">
          <select
            aria-label={t('pilot.pickDrone')}
            value={droneId}
            onChange={(e) => setDroneId(e.target.value)}
            data-testid="case-drone-pick"
          >
            <option value="">{t('pilot.pickDrone')}</option>
            {free.map((d) => (
              <option key={d.id} value={d.id}>
                {d.callsign}
              </option>
            ))}
          </select>
          <button
            type="button"
            disabled={!droneId}
            onClick={() => {
              run(pilotApi.attach(c.id, droneId));
              setDroneId('');
            }}
            data-testid="case-drone-attach"
          >
            {t('cases.attachDrone')}
          </button>
        </div>
      ) : null}
      {error ? <p className="error">{t('cases.error', { message: error })}</p> : null}
    </section>
  );
}
