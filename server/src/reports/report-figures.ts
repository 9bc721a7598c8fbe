import { caseKinds, type CaseKind } from '@lookout/db';
import type { BoardStep } from '@lookout/contracts';
import { caseClocks, targets } from '../board/case-clocks.ts';
import { quantile } from '../tadpole/clocks/clock-steps.ts';
import type { ReportCaseRow } from './reports.repo.ts';

/** A step of the report: the clock steps of case-clocks.ts, plus the tadpole's tips (from the tips table). */
export type ReportStep = BoardStep | 'first_tip' | 'first_useful_tip';

export interface ReportInterval {
  key: string;
  from: ReportStep;
  to: ReportStep;
  kinds: readonly CaseKind[];
}

const tadpoleKinds: readonly CaseKind[] = ['lost_child', 'found_child'];

/** The intervals of the case clocks (docs/architecture.md) the report shows, each over the kinds it applies to. */
export const reportIntervals: readonly ReportInterval[] = [
  { key: 'acknowledged', from: 'reported', to: 'acknowledged', kinds: caseKinds },
  { key: 'on_scene', from: 'reported', to: 'on_scene', kinds: caseKinds },
  { key: 'found', from: 'reported', to: 'reunion', kinds: ['lost_person'] },
  { key: 'first_broadcast', from: 'reported', to: 'first_broadcast', kinds: tadpoleKinds },
  { key: 'first_tip', from: 'first_broadcast', to: 'first_tip', kinds: tadpoleKinds },
  { key: 'first_useful_tip', from: 'first_broadcast', to: 'first_useful_tip', kinds: tadpoleKinds },
  { key: 'reunion', from: 'reported', to: 'reunion', kinds: tadpoleKinds },
  { key: 'closed', from: 'reported', to: 'closed', kinds: caseKinds },
];

/** The target of an interval for a kind (case-clocks.ts `targets`), if there is one. */
export function targetOf(kind: CaseKind, from: ReportStep, to: ReportStep): number | null {
  return targets[kind].find((t) => t.from === from && t.step === to)?.targetS ?? null;
}

export interface IntervalFigure {
  key: string;
  from: ReportStep;
  to: ReportStep;
  kinds: readonly CaseKind[];
  /** Cases that reached both steps. */
  n: number;
  medianS: number | null;
  meanS: number | null;
  p90S: number | null;
  /** The target in seconds, when the interval has one (same for every kind it applies to). */
  targetS: number | null;
  /** Cases within the target (elapsed ≤ target, as the board's clocks) and their share of n. */
  withinTarget: number | null;
  withinShare: number | null;
}

/** The figures of any set of cases: counts, intervals against their targets, the tadpole's reach. */
export interface PeriodFigures {
  cases: {
    total: number;
    byKind: Record<CaseKind, number>;
    /** open, the outcome given at closing (lost person), reunited (a tadpole case closed by the reunion), closed. */
    byOutcome: Record<string, number>;
  };
  intervals: IntervalFigure[];
  tadpole: {
    cases: number;
    alerts: number;
    groupsReached: number;
    membersReached: number;
    tips: number;
    usefulTips: number;
  };
}

export interface MonthFigures extends PeriodFigures {
  /** Cases per day of the month (Asia/Shanghai dates), by kind. */
  perDay: { date: string; byKind: Record<CaseKind, number> }[];
}

const SHANGHAI_MS = 8 * 3_600_000;
/** The Asia/Shanghai calendar date (UTC+8, no daylight saving) of an instant. */
export const shanghaiDate = (at: string | Date) =>
  new Date(new Date(at).getTime() + SHANGHAI_MS).toISOString().slice(0, 10);

const zeroKinds = () => Object.fromEntries(caseKinds.map((k) => [k, 0])) as Record<CaseKind, number>;
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

function outcomeOf(row: ReportCaseRow, reunion: string | null): string {
  if (row.status === 'open') return 'open';
  const closed = [...row.events].filter((e) => e.type === 'closed').sort((a, b) => b.seq - a.seq)[0];
  const given = closed?.data?.outcome;
  if (typeof given === 'string' && given) return given;
  return reunion ? 'reunited' : 'closed';
}

/** The month's figures from its cases; `days` are the dates of the month (for cases per day). */
export function monthFigures(rows: readonly ReportCaseRow[], days: readonly string[], now: Date): MonthFigures {
  const perDay = new Map(days.map((d) => [d, zeroKinds()]));
  for (const row of rows) {
    const day = perDay.get(shanghaiDate(row.createdAt));
    if (day) day[row.kind] += 1;
  }
  return { ...periodFigures(rows, now), perDay: [...perDay].map(([date, k]) => ({ date, byKind: k })) };
}

/** The figures of a set of cases (a month, a year to date): counts by kind and outcome, intervals, reach. */
export function periodFigures(rows: readonly ReportCaseRow[], now: Date): PeriodFigures {
  const byKind = zeroKinds();
  const byOutcome: Record<string, number> = {};
  const spans = new Map<string, { s: number; target: number | null }[]>(reportIntervals.map((i) => [i.key, []]));
  const tadpole = { cases: 0, alerts: 0, groupsReached: 0, membersReached: 0, tips: 0, usefulTips: 0 };

  for (const row of rows) {
    byKind[row.kind] += 1;
    const { times } = caseClocks(row.kind, row.events, now);
    const steps: Record<ReportStep, string | null> = {
      ...times,
      first_tip: row.firstTipAt,
      first_useful_tip: row.firstUsefulTipAt,
    };
    const outcome = outcomeOf(row, times.reunion);
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
    for (const i of reportIntervals) {
      if (!i.kinds.includes(row.kind)) continue;
      const a = steps[i.from];
      const b = steps[i.to];
      if (!a || !b) continue;
      spans.get(i.key)!.push({ s: (Date.parse(b) - Date.parse(a)) / 1000, target: targetOf(row.kind, i.from, i.to) });
    }
    if (row.kind !== 'lost_person') {
      tadpole.cases += 1;
      tadpole.alerts += row.alerts;
      tadpole.groupsReached += row.groups;
      tadpole.membersReached += row.members;
      tadpole.tips += row.tips;
      tadpole.usefulTips += row.usefulTips;
    }
  }

  const intervals = reportIntervals.map((i): IntervalFigure => {
    const list = spans.get(i.key)!;
    const values = list.map((v) => v.s);
    const targetS = i.kinds.map((k) => targetOf(k, i.from, i.to)).find((t) => t !== null) ?? null;
    const withTarget = list.filter((v) => v.target !== null);
    const within = withTarget.filter((v) => v.s <= v.target!).length;
    return {
      ...i,
      n: values.length,
      medianS: round1(quantile(values, 0.5)),
      meanS: round1(mean(values)),
      p90S: round1(quantile(values, 0.9)),
      targetS,
      withinTarget: targetS === null ? null : within,
      withinShare: targetS === null || !withTarget.length ? null : within / withTarget.length,
    };
  });

  return { cases: { total: rows.length, byKind, byOutcome }, intervals, tadpole };
}
