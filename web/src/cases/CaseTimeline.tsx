import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../api-types.ts';
import { caseApi } from './case-api.ts';
import {
  eventActor,
  eventDetail,
  eventLabel,
  pilotNames,
  unitCallsigns,
  type EventContext,
} from './case-event-text.ts';
import { caseStore } from './case-store.ts';
import {
  formatDuration,
  formatEventTime,
  mergeEvents,
  stepRows,
  offlineDelayS,
  timelineEvents,
  type StepRow,
} from './case-timeline.ts';
import type { CaseDetail, CaseEvent } from './case-types.ts';
import { ClockCorrectionForm } from './ClockCorrectionForm.tsx';
import './case-timeline.css';
import { commands } from '../shared/roles.ts';

/** Now, ticking every second while a clock runs. */
function useNow(ticking: boolean): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

function ClockRow({
  row,
  detail,
  user,
  now,
  onCorrected,
}: {
  row: StepRow;
  detail: CaseDetail;
  user: User;
  now: Date;
  onCorrected: (e: CaseEvent) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const name = t(`caseTimeline.steps.${row.step}`);
  return (
    <li
      className={`timeline-clock ${row.status}${row.targetS !== null ? ' has-target' : ''}`}
      data-testid={`clock-${row.step}`}
      data-status={row.status}
    >
      <div className="timeline-clock-line">
        <span className="timeline-step">{name}</span>
        <span className="timeline-at" data-testid="clock-at">
          {row.at ? formatEventTime(row.at, now) : '—'}
        </span>
        <span className="timeline-since">
          <span data-testid="clock-since">
            {row.sinceReportS !== null && row.step !== 'reported' ? `+${formatDuration(row.sinceReportS)}` : ''}
          </span>
          {row.targetS !== null ? (
            <span className="timeline-target">
              {' '}
              {t('caseTimeline.target', { target: formatDuration(row.targetS) })}
            </span>
          ) : null}
        </span>
        {commands(user) && row.correctable && !editing ? (
          <button type="button" className="timeline-edit" onClick={() => setEditing(true)} data-testid="clock-edit">
            {t('caseTimeline.correct')}
          </button>
        ) : null}
      </div>
      {row.correctedReason !== null ? (
        <div className="timeline-note" data-testid="clock-corrected">
          {t('caseTimeline.correctedNote', { reason: row.correctedReason })}
        </div>
      ) : null}
      {editing && row.correctable ? (
        <ClockCorrectionForm
          caseId={detail.case.id}
          step={row.correctable}
          stepName={name}
          current={row.at}
          onDone={(e) => {
            setEditing(false);
            if (e) onCorrected(e);
          }}
        />
      ) : null}
    </li>
  );
}

/**
 * The case's clocks (each step's time and its interval from the report, against its target) and its
 * timeline from `case_events`, in the case panel. Both are derived from the loaded events, which the case store
 * reloads on each live event of the case; a correction's answer shows at once.
 */
export function CaseTimeline({ detail, user }: { detail: CaseDetail; user: User }) {
  const { t } = useTranslation();
  const caseId = detail.case.id;
  // Corrections answered but not yet in the loaded events, for this case only.
  const [extra, setExtra] = useState<{ caseId: string; events: CaseEvent[] }>({ caseId, events: [] });
  const [officers, setOfficers] = useState(new Map<string, string>());
  const events = useMemo(
    () => mergeEvents(detail.events, extra.caseId === caseId ? extra.events : []),
    [detail.events, extra, caseId],
  );
  useEffect(() => {
    if (!commands(user)) return;
    let cancelled = false;
    caseApi
      .units()
      .then((r) => {
        if (!cancelled)
          setOfficers(new Map(r.units.flatMap((u) => (u.userId ? [[u.userId, u.callsign] as const] : []))));
      })
      .catch(() => undefined); // Without the units an officer's line names him by a short id.
    return () => {
      cancelled = true;
    };
  }, [user, caseId]);

  const closed = detail.case.status === 'closed';
  const now = useNow(!closed);
  const rows = stepRows(detail.case.kind, events, now, detail.case.times);
  const ctx: EventContext = {
    now,
    me: user,
    unitCallsigns: unitCallsigns(detail.assignments),
    officerCallsigns: officers,
    pilotNames: pilotNames(events),
  };
  const lines = timelineEvents(events);

  return (
    <section className="cases-section timeline" data-testid="case-timeline">
      <h4>{t('caseTimeline.clocks')}</h4>
      <ul className="timeline-clocks" data-testid="case-clocks">
        {rows.map((row) => (
          <ClockRow
            key={row.step}
            row={row}
            detail={detail}
            user={user}
            now={now}
            onCorrected={(e) => {
              setExtra((x) => ({ caseId, events: [...(x.caseId === caseId ? x.events : []), e] }));
              caseStore.reloadSoon();
            }}
          />
        ))}
      </ul>
      <h4>{t('caseTimeline.title', { count: lines.length })}</h4>
      <ol className="timeline-events" data-testid="timeline-events">
        {lines.map((e) => {
          const detailText = eventDetail(t, e, ctx);
          const actor = eventActor(t, e, ctx);
          return (
            <li key={e.seq} className={`timeline-event ${e.type}`} data-type={e.type} data-testid="timeline-event">
              <span className="timeline-at">{formatEventTime(e.at, now)}</span>
              <span className="timeline-body">
                <strong>{eventLabel(t, e)}</strong>
                {detailText ? <span className="timeline-detail"> {detailText}</span> : null}
                {actor ? <span className="timeline-actor"> · {actor}</span> : null}
                {offlineDelayS(e) !== null ? (
                  <span
                    className="timeline-offline"
                    data-testid="offline-recorded"
                    title={t('caseTimeline.detail.offlineTitle', {
                      tapped: formatEventTime(e.at, now),
                      received: formatEventTime(String(e.data.receivedAt), now),
                    })}
                  >
                    {t('caseTimeline.detail.offline')}
                  </span>
                ) : null}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
