import { useTranslation } from 'react-i18next';
import type { DroneEvent } from '@lookout/contracts';
import { useNow } from '../hooks.ts';
import { ageText } from '../live/staleness.ts';
import { liveStore, useTopic } from '../live/store.ts';
import { hmsItemOf, hmsText, taskText } from './drone-event-text.ts';
import { useDroneEvents } from './use-drone-events.ts';
import { caseStore } from '../cases/case-store.ts';
import { openVideo } from '../video/video-store.ts';
import '../video/video-i18n.ts';
import './drone-i18n.ts';
import './drones.css';

const metres = (v: number) => v.toFixed(1);

/**
 * One drone beside the map: its heights — named, since "altitude" alone is ambiguous (above sea level on the
 * EGM96 geoid, or above its take-off point) — battery, last fix, and the recent DJI health and flight-task events.
 */
export function DronePanel({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  useTopic('drones');
  const now = useNow(1000);
  const { events, error } = useDroneEvents(id);
  const d = liveStore.drones.get(id);
  if (!d) return null;
  const f = d.latest;
  const age = (ms: number) => {
    const a = ageText(ms);
    return t(a.key, { count: a.count });
  };
  const time = (iso: string) => new Date(iso).toLocaleTimeString(i18n.language, { hour12: false });
  return (
    <aside className="panel drone-panel" data-testid="drone-panel" data-drone={id} aria-label={t('dronePanel.title')}>
      <div className="panel-head">
        <h2>
          {t('dronePanel.title')} · <span data-raw>{d.callsign}</span>
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('dronePanel.close')}>
          ×
        </button>
      </div>
      <button
        type="button"
        className="primary drone-video"
        title={t('video.openTitle')}
        onClick={() => {
          // The open case this drone flies for, when the panel shows one: a snapshot becomes its sighting.
          const detail = caseStore.detail;
          const flies = detail?.case.status === 'open' && detail.drones.some((x) => x.droneId === id);
          openVideo(id, flies ? detail.case.id : null);
        }}
        data-testid="drone-video"
      >
        ▶ {t('video.open')}
      </button>
      <dl className="details">
        <dt>{t('dronePanel.heightMsl')}</dt>
        <dd data-testid="drone-height-msl">
          {typeof f?.altMsl === 'number' ? t('dronePanel.metres', { h: metres(f.altMsl) }) : t('map.unknown')}
        </dd>
        {typeof f?.altRel === 'number' ? (
          <>
            <dt>{t('dronePanel.heightRel')}</dt>
            <dd>{t('dronePanel.metres', { h: metres(f.altRel) })}</dd>
          </>
        ) : null}
        <dt>{t('dronePanel.battery')}</dt>
        <dd>{typeof f?.bat === 'number' ? `${Math.round(f.bat)}%` : t('map.unknown')}</dd>
        <dt>{t('dronePanel.lastFix')}</dt>
        <dd>{d.lastT === null ? t('admin.never') : age(now - d.lastT)}</dd>
      </dl>
      <h3 className="drone-events-title">{t('dronePanel.events')}</h3>
      {error ? <p className="error">{t('dronePanel.failed', { message: error })}</p> : null}
      {events === null ? (
        <p className="muted">{t('dronePanel.loading')}</p>
      ) : events.length === 0 ? (
        <p className="muted">{t('dronePanel.noEvents')}</p>
      ) : (
        <ul className="drone-events" data-testid="drone-events">
          {events.map((e) => (
            <EventLine key={e.id} e={e} time={time(e.t)} />
          ))}
        </ul>
      )}
    </aside>
  );
}

function EventLine({ e, time }: { e: DroneEvent; time: string }) {
  const { t } = useTranslation();
  if (e.type === 'hms') {
    const item = hmsItemOf(e);
    return (
      <li className={`drone-event hms level-${item.level}`} data-testid="drone-event" data-type="hms">
        <time>{time}</time>
        {item.inTheSky ? <span className="drone-event-sky">{t('hms.inTheSky')}</span> : null}
        <span>{hmsText(t, item)}</span>
      </li>
    );
  }
  return (
    <li className="drone-event task" data-testid="drone-event" data-type="flighttask_progress">
      <time>{time}</time>
      <span>{taskText(t, e)}</span>
    </li>
  );
}
