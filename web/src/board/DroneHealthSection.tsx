import { useTranslation } from 'react-i18next';
import type { BoardDroneHealthItem } from '@lookout/contracts';
import { hmsText } from '../drones/drone-event-text.ts';
import { ageText } from '../live/staleness.ts';
import { healthKey } from './drone-health-format.ts';
import type { HeldHealth } from './use-drone-health.ts';
import '../drones/drone-i18n.ts';

interface Props {
  held: HeldHealth | null;
  error: string | null;
  /** The browser's clock (ticks the ages between two polls). */
  now: number;
}

/**
 * Severe DJI health items above the cases: who (callsign, or the dock's serial), what (level, module, code),
 * since when, and — first and loudest — whether the aircraft is in the sky. Past items are greyed until they
 * leave the server's window. Nothing at all when there is nothing to say.
 */
export function DroneHealthSection({ held, error, now }: Props) {
  const { t, i18n } = useTranslation();
  if (error && !held) return <p className="error">{t('board.health.failed', { message: error })}</p>;
  if (!held || held.answer.items.length === 0) return null;
  const serverNow = Date.parse(held.answer.now) + Math.max(0, now - held.receivedAt);
  const items = held.answer.items;
  const active = items.filter((i) => i.active).length;
  const age = (iso: string) => {
    const a = ageText(serverNow - Date.parse(iso));
    return t(a.key, { count: a.count });
  };
  const clock = (iso: string) =>
    new Date(iso).toLocaleTimeString(i18n.language, { hour12: false, hour: '2-digit', minute: '2-digit' });
  const who = (i: BoardDroneHealthItem) => i.callsign ?? t('board.health.dock', { serial: i.deviceSerial });
  return (
    <section className="board-health" data-testid="board-drone-health" aria-label={t('board.health.title')}>
      <h2>
        {t('board.health.title')}{' '}
        <span className="board-health-count">{t('board.health.count', { active, past: items.length - active })}</span>
      </h2>
      <ul>
        {items.map((i) => (
          <li
            key={healthKey(i)}
            className={`board-health-item ${i.active ? 'active' : 'past'}${i.inTheSky ? ' sky' : ''}`}
            data-testid="board-health-item"
            data-drone={i.droneId ?? ''}
            data-code={i.code}
            data-active={i.active}
          >
            <span className={`board-health-where${i.inTheSky ? ' sky' : ''}`}>
              {i.inTheSky ? t('hms.inTheSky') : t('hms.onGround')}
            </span>
            <strong className="board-health-who" data-raw>
              {who(i)}
            </strong>
            <span className="board-health-text">{hmsText(t, i)}</span>
            <span className="board-health-time">
              {t('board.health.since', { time: clock(i.firstAt) })} ·{' '}
              {i.active
                ? t('board.health.lastSeen', { age: age(i.lastAt) })
                : t('board.health.past', { age: age(i.lastAt) })}
              {i.imminent ? ` · ${t('hms.imminent')}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <p className="board-health-rule">{t('board.health.rule')}</p>
    </section>
  );
}
