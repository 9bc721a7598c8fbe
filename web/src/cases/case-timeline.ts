import { caseSteps, type CaseStep } from '@lookout/contracts';
import type { CaseEvent, CaseSummary } from './case-types.ts';

/**
 * The case panel's timeline and clocks, derived in the browser from the case's event log with the rule of
 * server/src/board/case-clocks.ts: a step's time is its first event in time; a later (by seq) `clock_corrected` of
 * that step overrides it, the last one wins. Pure functions, no React.
 */

/** The steps of the case clocks the panel shows, in order. */
export const TIMELINE_STEPS = caseSteps;
export type TimelineStep = CaseStep;

/** Which event types mark a step (the first such event in time wins). */
const STEP_EVENTS: Record<TimelineStep, readonly string[]> = {
  reported: ['opened', 'tadpole_reported'],
  acknowledged: ['acknowledged', 'alert_verified'],
  dispatched: ['unit_dispatched'],
  on_scene: ['unit_on_scene'],
  found: ['person_found', 'child_found', 'guardian_verified', 'handed_over'],
  closed: ['closed'],
};

/** The step name the server's clocks use (a correction names it); `found` is the board's `reunion`. */
const SERVER_STEP: Record<TimelineStep, string> = {
  reported: 'reported',
  acknowledged: 'acknowledged',
  dispatched: 'dispatched',
  on_scene: 'on_scene',
  found: 'reunion',
  closed: 'closed',
};

/** Targets from the report, in seconds, per kind (case-clocks.ts `targets`). */
const TARGETS: Record<CaseSummary['kind'], Partial<Record<TimelineStep, number>>> = {
  lost_person: { acknowledged: 120, on_scene: 15 * 60 },
  lost_child: { acknowledged: 120, found: 60 * 60 },
  found_child: { acknowledged: 120, found: 60 * 60 },
};

/**
 * The steps whose time the server accepts a correction for (cases.service.ts correctableSteps: the report, each
 * clock's step, the close), as the panel's step → the server's step name.
 */
export function correctableStep(kind: CaseSummary['kind'], step: TimelineStep): string | null {
  if (step === 'reported' || step === 'closed') return SERVER_STEP[step];
  return TARGETS[kind][step] !== undefined ? SERVER_STEP[step] : null;
}

/** The panel's step for a server step name (`reunion` → `found`); other names (e.g. first_broadcast) as they are. */
export function panelStep(serverStep: string): string {
  return serverStep === 'reunion' ? 'found' : serverStep;
}

export function sortEvents<T extends Pick<CaseEvent, 'seq' | 'at'>>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
}

/** The loaded events plus ones known from an answer (a correction) that the reload has not brought yet. */
export function mergeEvents(loaded: readonly CaseEvent[], extra: readonly CaseEvent[]): CaseEvent[] {
  const seen = new Set(loaded.map((e) => e.seq));
  return [...loaded, ...extra.filter((e) => !seen.has(e.seq))];
}

export type ClockStatus = 'done' | 'late' | 'running' | 'overdue' | 'waiting';

export interface StepRow {
  step: TimelineStep;
  /** When the step happened (after corrections), or null. */
  at: string | null;
  /** The last correction's reason when the time was corrected. */
  correctedReason: string | null;
  /** Seconds from the report to the step (or to now / the close while it runs); null when not known. */
  sinceReportS: number | null;
  targetS: number | null;
  /** done/late: reached within/past its target (or reached, no target); running/overdue: not yet; waiting: nothing. */
  status: ClockStatus;
  /** The server's step name for a correction, or null when the server takes none for this step. */
  correctable: string | null;
}

/**
 * The panel's rows. `serverTimes` are the step times the server derived (the case's `times`, case-clocks.ts: the
 * rule the list, the board and the report use); the events only add what the server has not answered yet (a
 * correction just made). Without them (an old server) the steps are read from the events by the same rule.
 */
export function stepRows(
  kind: CaseSummary['kind'],
  events: readonly CaseEvent[],
  now: Date,
  serverTimes?: Readonly<Record<string, string | null>>,
): StepRow[] {
  const times = {} as Record<TimelineStep, string | null>;
  const reasons = {} as Record<TimelineStep, string | null>;
  for (const s of TIMELINE_STEPS) {
    times[s] = serverTimes ? (serverTimes[SERVER_STEP[s]] ?? null) : null;
    reasons[s] = null;
  }
  if (!serverTimes) {
    for (const e of sortEvents(events)) {
      for (const s of TIMELINE_STEPS) if (times[s] === null && STEP_EVENTS[s].includes(e.type)) times[s] = e.at;
    }
  }
  const corrections = events.filter((e) => e.type === 'clock_corrected').sort((a, b) => a.seq - b.seq);
  for (const c of corrections) {
    const step = TIMELINE_STEPS.find((s) => SERVER_STEP[s] === c.data.step);
    if (!step) continue;
    const at = c.data.at;
    times[step] = typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : null;
    reasons[step] = typeof c.data.reason === 'string' ? c.data.reason : '';
  }
  const reported = times.reported ? Date.parse(times.reported) : null;
  const closedMs = times.closed ? Date.parse(times.closed) : null;
  return TIMELINE_STEPS.map((step) => {
    const at = times[step];
    const targetS = TARGETS[kind][step] ?? null;
    const endMs = at ? Date.parse(at) : (closedMs ?? now.getTime());
    const sinceReportS = reported !== null ? Math.max(0, Math.round((endMs - reported) / 1000)) : null;
    let status: ClockStatus;
    if (at) status = targetS !== null && sinceReportS !== null && sinceReportS > targetS ? 'late' : 'done';
    else if (targetS !== null && reported !== null && closedMs === null)
      status = sinceReportS !== null && sinceReportS > targetS ? 'overdue' : 'running';
    else status = 'waiting';
    return {
      step,
      at,
      correctedReason: reasons[step],
      sinceReportS: at || status === 'running' || status === 'overdue' ? sinceReportS : null,
      targetS,
      status,
      correctable: correctableStep(kind, step),
    };
  });
}

/** A phone's uplink counts as recorded offline when it reached the server this long after the tap. */
export const OFFLINE_AFTER_S = 10;

/**
 * How long after the tap the server got this event (an officer's status change sent from his outbox, which keeps
 * the tap time as the event's time and the arrival as `data.receivedAt`), when that is more than
 * `OFFLINE_AFTER_S`; null otherwise.
 */
export function offlineDelayS(e: Pick<CaseEvent, 'at' | 'data'>): number | null {
  const received = typeof e.data?.receivedAt === 'string' ? Date.parse(e.data.receivedAt) : NaN;
  const tapped = Date.parse(e.at);
  if (Number.isNaN(received) || Number.isNaN(tapped)) return null;
  const s = Math.round((received - tapped) / 1000);
  return s > OFFLINE_AFTER_S ? s : null;
}

/** Events the timeline lists: in time order, without the duty notice's attempts (their outcome is listed). */
export function timelineEvents(events: readonly CaseEvent[]): CaseEvent[] {
  return sortEvents(events.filter((e) => e.type !== 'duty_notify_attempt'));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** HH:mm:ss in local time, with the date (yyyy-MM-dd) in front when it is not today. */
export function formatEventTime(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const today =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return today ? time : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** A duration as m:ss, or h:mm:ss from an hour on. */
export function formatDuration(s: number): string {
  const total = Math.max(0, Math.round(s));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/** The value of an `<input type="datetime-local" step="1">` for an instant, in local time. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** An `<input type="datetime-local">` value (local time) as an ISO instant, or null when it is not a time. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * The locale key for a failed correction, from the server's error (cases.service.ts correctClock and the zod
 * body check): the server answers in English, the panel says it in the user's language.
 */
export function correctionErrorKey(err: {
  status: number;
  code: string;
  message: string;
  serverMessage?: string;
}): string | null {
  const said = err.serverMessage ?? err.message;
  if (err.code === 'bad_request') {
    if (/future/i.test(said)) return 'caseTimeline.errors.future';
    if (/^Unknown step/.test(said)) return 'caseTimeline.errors.step';
    if (said === 'Invalid request') return 'caseTimeline.errors.invalid';
  }
  if (err.status === 403) return 'caseTimeline.errors.forbidden';
  if (err.status === 404) return 'caseTimeline.errors.notFound';
  if (err.status === 0) return 'caseTimeline.errors.network';
  return null;
}
