import type { BoardStep, CaseKind, ClockState, Urgency } from '@lookout/contracts';

/**
 * The case clocks (docs/architecture.md, "Clocks"), derived from a case's event log (never typed by hand). This is the one derivation of
 * every step: the case list and detail (cases.repo.ts), the board, the monthly report and the case panel (which
 * shows the detail's `times`) all read a step's time from here. A correction is a new event
 * `clock_corrected {step, at, reason}` that overrides that step's time; the original events stay.
 */
export interface ClockEvent {
  seq: number;
  type: string;
  at: string;
  data?: Record<string, unknown>;
}

/** A target: the time from `from` to `to` should stay within `targetS` seconds. */
export interface ClockTarget {
  step: BoardStep;
  from: BoardStep;
  targetS: number;
}

/**
 * Targets per kind. Any case: acknowledged within 2 min (the station's bank-alert promise). Lost person: on
 * scene within 15 min. Tadpole: the first broadcast within 5 min of the report — verification by the liaison
 * (a call back to the guardian) takes most of it, and the first hour matters most for a missing child, so 5 min
 * keeps the broadcast inside the first minutes; the reunion (found child: guardian verified; lost child: found or
 * handed over) has no hard target — it is shown as a running clock with a 60 min mark, the first-hour window.
 */
export const targets: Record<CaseKind, readonly ClockTarget[]> = {
  lost_person: [
    { step: 'acknowledged', from: 'reported', targetS: 120 },
    { step: 'on_scene', from: 'reported', targetS: 15 * 60 },
  ],
  lost_child: [
    { step: 'acknowledged', from: 'reported', targetS: 120 },
    { step: 'first_broadcast', from: 'reported', targetS: 5 * 60 },
    { step: 'reunion', from: 'reported', targetS: 60 * 60 },
  ],
  found_child: [
    { step: 'acknowledged', from: 'reported', targetS: 120 },
    { step: 'first_broadcast', from: 'reported', targetS: 5 * 60 },
    { step: 'reunion', from: 'reported', targetS: 60 * 60 },
  ],
};

/** Which event types mark a step (the first such event in time wins). */
const stepEvents: Record<BoardStep, readonly string[]> = {
  reported: ['opened', 'tadpole_reported'],
  // A tadpole case is acknowledged when the liaison verifies it.
  acknowledged: ['acknowledged', 'alert_verified'],
  dispatched: ['unit_dispatched'],
  // A tadpole case's officer taps 到场 on the alert (`officer_on_scene`), or his unit arrives. It is a step of
  // the timeline and the report there, not a target: a child brought to the station is reunited without one.
  on_scene: ['unit_on_scene', 'officer_on_scene'],
  first_broadcast: ['first_broadcast'],
  reunion: ['person_found', 'child_found', 'guardian_verified', 'handed_over'],
  closed: ['closed'],
};
const allSteps = Object.keys(stepEvents) as BoardStep[];

export type StepTimesMap = Record<BoardStep, string | null>;

/** Events sorted by time, then seq (they may arrive out of order). */
export function sortEvents<T extends ClockEvent>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
}

/** Each step's time; a later (by seq) `clock_corrected` for a step overrides it. */
export function stepTimes(events: readonly ClockEvent[]): StepTimesMap {
  const times = Object.fromEntries(allSteps.map((s) => [s, null])) as StepTimesMap;
  const sorted = sortEvents(events);
  for (const e of sorted) {
    for (const step of allSteps) if (times[step] === null && stepEvents[step].includes(e.type)) times[step] = e.at;
  }
  // Corrections apply in the order they were written: the last word wins.
  const corrections = events.filter((e) => e.type === 'clock_corrected').sort((a, b) => a.seq - b.seq);
  for (const c of corrections) {
    const step = c.data?.step;
    const at = c.data?.at;
    if (typeof step === 'string' && allSteps.includes(step as BoardStep)) {
      times[step as BoardStep] = typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : null;
    }
  }
  return times;
}

export interface CaseClocks {
  times: StepTimesMap;
  clocks: ClockState[];
  /** The first running clock, the one the board shows; null when none runs. */
  current: ClockState | null;
  urgency: Urgency;
  /** Steps already recorded as breached (`clock_breached` events). */
  breachedRecorded: BoardStep[];
}

/** A running clock counts as "due soon" within this share of its target. */
export const DUE_SOON_SHARE = 0.75;

export function caseClocks(kind: CaseKind, events: readonly ClockEvent[], now: Date): CaseClocks {
  const times = stepTimes(events);
  const closed = times.closed !== null;
  const clocks: ClockState[] = targets[kind].map((t) => {
    const from = times[t.from];
    const reachedAt = times[t.step];
    const endMs = reachedAt ? Date.parse(reachedAt) : closed ? Date.parse(times.closed!) : now.getTime();
    const elapsedS = from ? Math.max(0, Math.round((endMs - Date.parse(from)) / 1000)) : null;
    const running = !reachedAt && !closed && from !== null;
    return { ...t, reachedAt, elapsedS, running, breached: elapsedS !== null && elapsedS > t.targetS };
  });
  const runningClocks = clocks.filter((c) => c.running);
  const current =
    runningClocks.sort((a, b) => a.targetS - (a.elapsedS ?? 0) - (b.targetS - (b.elapsedS ?? 0)))[0] ?? null;
  const urgency = runningClocks.some((c) => c.breached)
    ? 'breached'
    : runningClocks.some((c) => (c.elapsedS ?? 0) >= c.targetS * DUE_SOON_SHARE)
      ? 'due_soon'
      : 'ok';
  const breachedRecorded = events
    .filter((e) => e.type === 'clock_breached' && typeof e.data?.step === 'string')
    .map((e) => e.data!.step as BoardStep);
  return { times, clocks, current, urgency, breachedRecorded };
}

/** The running clocks that passed their target and have no `clock_breached` event yet. */
export function newBreaches(c: CaseClocks): ClockState[] {
  return c.clocks.filter((k) => k.running && k.breached && !c.breachedRecorded.includes(k.step));
}
