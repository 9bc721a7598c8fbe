import { useTranslation } from 'react-i18next';
import { shortTime } from './countdown.ts';
import type { AlertDetail } from './tadpole-types.ts';

/** Every clock of the alert, derived by the server from the events. */
export function TimelineTab({ detail, now }: { detail: AlertDetail; now: number }) {
  const { t } = useTranslation();
  return (
    <div className="tp-tab" data-testid="timeline-tab">
      <ol className="tp-timeline">
        {detail.timeline.steps.map((s) => (
          <li key={s.step} className={s.at ? 'done' : ''}>
            <span className="tp-step">{t(`tadpole.timeline.step.${s.step}`, { defaultValue: s.step })}</span>
            <span>{s.at ? shortTime(s.at, now) : t('tadpole.timeline.pending')}</span>
            <span className="muted">
              {s.sinceReportS === null || !s.at
                ? ''
                : s.sinceReportS < 60
                  ? t('tadpole.timeline.sinceS', { s: Math.round(s.sinceReportS) })
                  : t('tadpole.timeline.since', { min: Math.round(s.sinceReportS / 60) })}
            </span>
          </li>
        ))}
      </ol>
      {detail.timeline.groups.length > 0 ? (
        <table className="tp-group-clocks">
          <tbody>
            {detail.timeline.groups.map((g) => (
              <tr key={g.groupId}>
                <td>{g.name}</td>
                <td>{g.deliveredAt ? shortTime(g.deliveredAt, now) : '—'}</td>
                <td>{g.acknowledgedAt ? `✓ ${shortTime(g.acknowledgedAt, now)}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
