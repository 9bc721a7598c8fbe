import type { CaseDrone, PilotCasesResponse } from '@lookout/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api-types.ts';
import { CaseLogSection } from '../case-log/CaseLogSection.tsx';
import { CallerFixesSection } from '../cases/CallerFixesSection.tsx';
import { caseStore, useCaseStore } from '../cases/case-store.ts';
import { PanelToggle } from '../cases/PanelToggle.tsx';
import type { CaseDetail } from '../cases/case-types.ts';
import { errText } from '../cases/case-ui.ts';
import '../cases/case-i18n.ts';
import '../cases/cases.css';
import { liveStore, useTopic } from '../live/store.ts';
import { clockTime } from '../shared/clock-time.ts';
import { CaseDroneList } from './CaseDroneList.tsx';
import { CoverageSection } from '../search-coverage/CoverageSection.tsx';
import { PilotSectors } from '../sectors/PilotSectors.tsx';
import { MarkSightingForm } from './MarkSightingForm.tsx';
import { pilotApi } from './pilot-api.ts';
import './pilot-i18n.ts';
import './pilot.css';
import { StreamKeyPanel } from '../video/StreamKeyPanel.tsx';
import { VideoButton } from '../video/VideoButton.tsx';

/** 我的任务 at the top of the pilot's map: opens the panel of the cases he flies for. */
export function PilotToggle() {
  const { t } = useTranslation();
  return <PanelToggle label={t('pilot.toggle')} testId="pilot-toggle" />;
}

/** The pilot's panel: his cases and the others he may join, or the one he opened with what he needs to fly it. */
export function PilotPanel({ user }: { user: User }) {
  const { t } = useTranslation();
  const store = useCaseStore();
  if (!store.panelOpen) return null;
  return (
    <aside className="cases-panel panel pilot-panel" data-testid="pilot-panel">
      {store.selectedId ? (
        store.detail ? (
          <PilotCaseView detail={store.detail} user={user} />
        ) : store.error ? (
          <p className="error">{t('pilot.error', { message: store.error })}</p>
        ) : null
      ) : (
        <PilotCaseList />
      )}
    </aside>
  );
}

function PilotCaseList() {
  const { t } = useTranslation();
  const store = useCaseStore();
  const [data, setData] = useState<PilotCasesResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let cancelled = false;
    pilotApi
      .cases()
      .then((r) => !cancelled && setData(r))
      .catch((err: unknown) => !cancelled && setError(errText(err)));
    return () => {
      cancelled = true;
    };
  }, [store.listVersion, version]);
  return (
    <>
      <h3>{t('pilot.title')}</h3>
      {error ? <p className="error">{t('pilot.error', { message: error })}</p> : null}
      {data && data.attached.length === 0 ? <p className="muted">{t('pilot.none')}</p> : null}
      <ul className="cases-list" data-testid="pilot-cases">
        {data?.attached.map((a) => (
          <li key={a.case.id}>
            <button type="button" onClick={() => caseStore.select(a.case.id)}>
              <strong>{a.case.title}</strong>
              <span className="muted">
                {a.drones.map((d) => d.callsign).join('、')} · {clockTime(a.case.createdAt)}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <h4>{t('pilot.openCases')}</h4>
      {data && data.open.length === 0 ? <p className="muted">{t('pilot.openNone')}</p> : null}
      <ul className="cases-list" data-testid="pilot-open-cases">
        {data?.open.map((c) => (
          <li key={c.id} className="pilot-join">
            <span>
              <strong>{c.title}</strong>{' '}
              <span className="muted">
                {c.subjectCategory ? t(`cases.category.${c.subjectCategory}`) : ''} · {clockTime(c.createdAt)}
              </span>
            </span>
            <JoinWithDrone caseId={c.id} onJoined={() => setVersion((v) => v + 1)} />
          </li>
        ))}
      </ul>
    </>
  );
}

/** The drone picker and 用无人机加入 of one open case (drones known to the live map, by callsign). */
function JoinWithDrone({ caseId, onJoined }: { caseId: string; onJoined: () => void }) {
  const { t } = useTranslation();
  useTopic('drones');
  const drones = [...liveStore.drones.values()].sort((a, b) => a.callsign.localeCompare(b.callsign));
  const [droneId, setDroneId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const join = () => {
    setBusy(true);
    setError(null);
    pilotApi
      .attach(caseId, droneId)
      .then(() => {
        onJoined();
        caseStore.select(caseId);
      })
      .catch((err: unknown) => setError(errText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <div className="cases-row">
      <select
        aria-label={t('pilot.pickDrone')}
        value={droneId}
        onChange={(e) => setDroneId(e.target.value)}
        data-testid={`join-drone-${caseId}`}
      >
        <option value="">{t('pilot.pickDrone')}</option>
        {drones.map((d) => (
          <option key={d.id} value={d.id}>
            {d.callsign}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="primary"
        disabled={!droneId || busy}
        onClick={join}
        data-testid={`join-${caseId}`}
      >
        {t('pilot.join')}
      </button>
      {error ? <p className="error">{t('pilot.error', { message: error })}</p> : null}
    </div>
  );
}

/** One case as the pilot flies it: the caller's fixes, the drones, the units and their steps, and 标记发现. */
function PilotCaseView({ detail, user }: { detail: CaseDetail; user: User }) {
  const { t } = useTranslation();
  const [marking, setMarking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [keyFor, setKeyFor] = useState<CaseDrone | null>(null);
  const c = detail.case;
  const detach = (droneId: string) => {
    setError(null);
    pilotApi
      .detach(c.id, droneId)
      .then(() => caseStore.select(null))
      .catch((err: unknown) => setError(errText(err)));
  };
  return (
    <div className="cases-detail" data-testid="pilot-case" data-case={c.id}>
      <div className="cases-row cases-detail-head">
        <button type="button" className="cases-back" onClick={() => caseStore.select(null)}>
          ← {t('pilot.back')}
        </button>
      </div>
      <h3>{c.title}</h3>
      <p className="muted">
        {c.subjectCategory ? t(`cases.category.${c.subjectCategory}`) : ''} × {c.subjectCount ?? 1} ·{' '}
        {t('cases.created', { time: clockTime(c.createdAt) })}
      </p>
      {c.description ? <p>{c.description}</p> : null}
      {c.status === 'open' ? (
        marking ? (
          <MarkSightingForm detail={detail} user={user} onClose={() => setMarking(false)} />
        ) : (
          <button
            type="button"
            className="primary pilot-mark-button"
            onClick={() => setMarking(true)}
            data-testid="mark"
          >
            ◆ {t('pilot.mark')}
          </button>
        )
      ) : null}
      {error ? <p className="error">{t('pilot.error', { message: error })}</p> : null}
      <CallerFixesSection detail={detail} />
      <CaseLogSection caseId={c.id} open={c.status === 'open'} latest={5} />
      <PilotSectors
        caseId={c.id}
        droneIds={detail.drones.filter((d) => d.pilotId === user.id).map((d) => d.droneId)}
        open={c.status === 'open'}
      />
      <CoverageSection />
      <section className="cases-section" data-testid="pilot-units">
        <h4>{t('pilot.units')}</h4>
        {detail.assignments.length === 0 ? <p className="muted">{t('pilot.unitsNone')}</p> : null}
        <ul className="cases-fixes">
          {detail.assignments.map((a) => (
            <li key={a.id}>
              {t('pilot.unitLine', {
                unit: a.unitCallsign ?? a.unitId.slice(0, 8),
                status: t(`officer.status.${a.status}`),
              })}{' '}
              · {clockTime(a.updatedAt)}
            </li>
          ))}
        </ul>
      </section>
      <section className="cases-section" data-testid="pilot-drones">
        <h4>{t('pilot.drones')}</h4>
        <CaseDroneList
          drones={detail.drones}
          mayDetach={(d) => d.pilotId === user.id}
          onDetach={detach}
          extra={(d) => (
            <>
              <VideoButton droneId={d.droneId} caseId={c.status === 'open' ? c.id : null} />
              {d.pilotId === user.id && c.status === 'open' ? (
                <button type="button" onClick={() => setKeyFor(d)} data-testid={`stream-key-open-${d.droneId}`}>
                  {t('video.key.button')}
                </button>
              ) : null}
            </>
          )}
        />
        {keyFor ? (
          <StreamKeyPanel droneId={keyFor.droneId} callsign={keyFor.callsign} onClose={() => setKeyFor(null)} />
        ) : null}
      </section>
    </div>
  );
}
