import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks.ts';
import { ageText, isStale } from '../live/staleness.ts';
import { liveStore, useTopic } from '../live/store.ts';
import { getMap } from './core/map-instance.ts';

/** A list of the drones beside the map (an alternative to reading symbols); tap one to fly to it and open it. */
export function DroneList({
  open,
  onToggle,
  onSelect,
}: {
  open: boolean;
  onToggle: () => void;
  /** Opens the drone's panel (roles that see aircraft). */
  onSelect?: (id: string) => void;
}) {
  const { t } = useTranslation();
  useTopic('drones');
  const now = useNow(1000);
  const drones = [...liveStore.drones.values()].sort((a, b) => a.callsign.localeCompare(b.callsign));
  return (
    <aside className={`panel drone-list${open ? ' open' : ''}`} aria-label={t('map.drones')}>
      <button type="button" className="panel-toggle" aria-expanded={open} onClick={onToggle}>
        {t('map.drones')} ({drones.length}) {open ? '▾' : '▸'}
      </button>
      {open ? (
        drones.length === 0 ? (
          <p className="muted">{t('map.noDrones')}</p>
        ) : (
          <ul data-testid="drone-list">
            {drones.map((d) => {
              const stale = isStale(d.lastT, now, liveStore.staleAfterS);
              const age = d.lastT === null ? null : ageText(now - d.lastT);
              const bat = d.latest?.bat;
              return (
                <li key={d.id} className={stale ? 'stale' : ''}>
                  <button
                    type="button"
                    disabled={!d.latest && !onSelect}
                    data-drone={d.id}
                    onClick={() => {
                      if (d.latest) getMap()?.easeTo({ center: [d.latest.lon, d.latest.lat] });
                      onSelect?.(d.id);
                    }}
                  >
                    <span className="callsign">
                      {d.callsign}
                      {d.source === 'mavlink' ? <span className="source-tag">{t('map.sourceMavlink')}</span> : null}
                    </span>
                    <span className="bat">{typeof bat === 'number' ? `${Math.round(bat)}%` : '–'}</span>
                    <span className="age">{age ? t(age.key, { count: age.count }) : t('admin.never')}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )
      ) : null}
    </aside>
  );
}
