import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks.ts';
import { urgencyAt } from './board-format.ts';
import { useBoard } from './use-board.ts';
import './board-i18n.ts';

/**
 * The top bar's "超时 N" for commanders and admins on every page: the cases past a clock target, from the board's
 * own data and ticking like its clocks. A click opens 值班台.
 */
export function BreachBadge({ onOpen }: { onOpen: () => void }) {
  const { t } = useTranslation();
  const { held } = useBoard();
  const now = useNow(1000);
  if (!held) return null;
  const serverNow = Date.parse(held.answer.now);
  const nowMs = serverNow + Math.max(0, now - held.receivedAt);
  const late = held.answer.cases.filter((c) => urgencyAt(c, nowMs, serverNow) === 'breached');
  if (late.length === 0) return null;
  return (
    <button
      type="button"
      className="breach-badge"
      role="alert"
      data-testid="breach-badge"
      data-count={late.length}
      title={late.map((c) => c.title).join('\n')}
      onClick={onOpen}
    >
      {t('board.breachBadge', { count: late.length })}
    </button>
  );
}
