import { useTranslation } from 'react-i18next';
import { changeOf } from './yearly-format.ts';
import type { FigureChange } from '@lookout/contracts';

export type Comparison = 'yoy' | 'mom' | 'monthYoy';

/**
 * A change as the station says it: 同比 +20% for a count, 同比缩短 40% for a time, 同比 +5 个百分点 for a share.
 * A shorter time and a larger share within target are marked good, the opposite bad; a count is neither.
 */
export function ChangeText({
  change,
  figure,
  against,
}: {
  change: FigureChange;
  figure: 'count' | 'time' | 'share';
  against: Comparison;
}) {
  const { t } = useTranslation();
  // Nothing measured now: the row's own value already shows "—", whatever the base was.
  if (change.current === null) return <span className="yearly-change" data-tone="none" />;
  const { tone, amount } = changeOf(change, figure === 'share' ? 'points' : 'relative');
  const good = figure === 'time' ? 'down' : figure === 'share' ? 'up' : null;
  const mark = good === null || tone === 'same' || tone === 'none' ? '' : tone === good ? ' good' : ' bad';
  return (
    <span className={`yearly-change${mark}`} data-tone={tone}>
      {t(`reports.yearly.change.${figure}.${tone}`, {
        amount,
        period: t(`reports.yearly.period.${against}`),
        base: t(`reports.yearly.base.${against}`),
      })}
    </span>
  );
}
