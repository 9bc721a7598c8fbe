import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { caseStore } from '../cases/case-store.ts';
import { silentMinutes } from '../cases/caller-battery-text.ts';
import '../cases/caller-battery-i18n.ts';
import '../cases/caller-battery.css';
import { caseHref, clockText, elapsedAt, urgencyAt } from './board-format.ts';
import type { BoardCase } from './board-types.ts';
import { ring50Text } from '../search-coverage/coverage-format.ts';
import '../search-coverage/coverage-i18n.ts';
import '../search-coverage/coverage.css';

/** One click on a case: a lost person's case on the map, a tadpole case on its alert page. */
export function openBoardCase(c: BoardCase): void {
  if (c.kind === 'lost_person') caseStore.select(c.id);
  window.location.assign(caseHref(c));
}

interface Props {
  c: BoardCase;
  nowMs: number;
  serverNow: number;
  onOpen: (c: BoardCase) => void;
}

/**
 * One case on the board. Memoised: a live change redraws only its own row (the merge keeps the other cases'
 * objects), and the once-a-second clock tick redraws them all.
 */
export const BoardRow = memo(function BoardRow({ c, nowMs, serverNow, onOpen }: Props) {
  const { t } = useTranslation();
  const u = urgencyAt(c, nowMs, serverNow);
  const e = elapsedAt(c, nowMs, serverNow);
  const coverage = ring50Text(c.ring50Coverage);
  return (
    <tr
      className={`board-row-${u}`}
      data-testid="board-row"
      data-case={c.id}
      data-urgency={u}
      data-step={c.step}
      data-caller-silent={c.callerSilence ? 'true' : undefined}
      onClick={() => onOpen(c)}
      tabIndex={0}
      onKeyDown={(ev) => {
        if (ev.key === 'Enter') onOpen(c);
      }}
    >
      <td>
        <span className={`board-pill board-pill-${u}`}>{t(`board.urgency.${u}`)}</span>
      </td>
      <td>{t(`board.kind.${c.kind}`)}</td>
      <td className="board-title">
        {c.title}{' '}
        <a
          className="board-replay"
          href={`#/replay/${c.id}`}
          data-testid="board-replay"
          onClick={(ev) => ev.stopPropagation()}
          onKeyDown={(ev) => ev.stopPropagation()}
        >
          {t('replay.link')}
        </a>
        {c.retractionRequestedAt ? (
          <span className="board-retract-ask" data-testid="board-retraction-requested">
            {t('board.retractionRequested')}
          </span>
        ) : null}
        {coverage !== null ? (
          <span className="board-coverage" data-testid="board-coverage">
            {t('coverage.board', { pct: coverage })}
          </span>
        ) : null}
        {c.callerSilence ? (
          <span className="board-caller-silent" data-testid="board-caller-silent" role="status">
            🔋{' '}
            {t('callerBattery.silent', {
              minutes: silentMinutes(c.callerSilence.lastFixAt, nowMs),
              level: Math.round(c.callerSilence.battery),
            })}
          </span>
        ) : null}
      </td>
      <td className="board-col-age">{clockText(c.ageS + (nowMs - serverNow) / 1000)}</td>
      <td>{t(`board.step.${c.step}`, { defaultValue: c.step })}</td>
      <td>
        {c.clock && e !== null ? (
          <span className="board-clock" data-testid="board-clock">
            {clockText(e)} / {clockText(c.clock.targetS)}
            <span className="board-clock-label">{t(`board.clock.${c.clock.step}`)}</span>
          </span>
        ) : (
          <span className="board-clock-label">{t('board.clock.none')}</span>
        )}
      </td>
      <td className="board-col-counts">
        {c.counts.units} · {c.counts.matches} · {c.counts.tips} · {c.counts.alerts}
      </td>
    </tr>
  );
});
