import type { Logger } from 'pino';
import { caseStep } from '../cases/case-step.ts';
import { isridRings } from '../search-planning/isrid-rings.ts';
import type { BoardCase, BoardDroneHealthResponse, BoardStep, CallerSilence, Urgency } from '@lookout/contracts';
import { caseClocks, newBreaches } from './case-clocks.ts';
import { callerSilenceAt } from './caller-silence.ts';
import type { BoardRepo, OpenCaseRow } from './board.repo.ts';
import { BOARD_HMS_MIN_LEVEL, droneHealthItems, HMS_ACTIVE_S, HMS_KEPT_S } from './drone-health.ts';

export interface Breach {
  caseId: string;
  kind: OpenCaseRow['kind'];
  title: string;
  step: BoardStep;
  targetS: number;
  elapsedS: number;
  seq: number;
}

/** A caller silence written to the case log by this pass. */
export interface RecordedCallerSilence extends CallerSilence {
  caseId: string;
  seq: number;
}

export interface BoardServiceDeps {
  repo: BoardRepo;
  now?: () => Date;
  log?: Logger;
  /** Tells the duty group of a breach (tadpole channel adapters); absent: only the event is recorded. */
  notify?: (breach: Breach) => Promise<void>;
  /** Only these cases (tests sharing a real database leave other files' cases alone). */
  scope?: (caseId: string) => boolean;
}

const rank: Record<Urgency, number> = { breached: 0, due_soon: 1, ok: 2 };

function tadpoleStep(times: ReturnType<typeof caseClocks>['times']): string {
  if (times.reunion) return 'reunion';
  if (times.first_broadcast) return 'broadcast';
  if (times.acknowledged) return 'verified';
  return 'reported';
}

export function createBoardService(deps: BoardServiceDeps) {
  const now = deps.now ?? (() => new Date());

  /** The 50 % ISRID ring of a case (the same terrain default as the case's rings), or null. */
  function ring50(row: OpenCaseRow): { lon: number; lat: number; radiusM: number } | null {
    if (!row.ipp || !row.subjectCategory) return null;
    const r = isridRings(row.subjectCategory, row.terrain ?? 'temperate_mountain')?.rings.find((x) => x.percent === 50);
    return r ? { ...row.ipp, radiusM: r.radiusM } : null;
  }

  async function ring50Coverage(rows: OpenCaseRow[]): Promise<Map<string, number | null>> {
    const circles = rows.flatMap((r) => {
      const c = ring50(r);
      return c ? [{ caseId: r.id, ...c }] : [];
    });
    const shares = await deps.repo.circleCoverage(circles);
    return new Map(rows.map((r) => [r.id, ring50(r) ? (shares.get(r.id) ?? 0) : null]));
  }

  function toBoardCase(row: OpenCaseRow, at: Date, coverage: number | null): BoardCase {
    const c = caseClocks(row.kind, row.events, at);
    const cur = c.current;
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      createdAt: row.createdAt,
      ageS: Math.max(0, Math.round((at.getTime() - Date.parse(c.times.reported ?? row.createdAt)) / 1000)),
      step: row.kind === 'lost_person' ? caseStep(row.eventTypes) : tadpoleStep(c.times),
      clock: cur
        ? { step: cur.step, from: cur.from, startedAt: c.times[cur.from], elapsedS: cur.elapsedS, targetS: cur.targetS }
        : null,
      clocks: c.clocks,
      urgency: c.urgency,
      alertId: row.alertId,
      counts: { units: row.units, matches: row.matches, tips: row.tips, alerts: row.alerts },
      retractionRequestedAt: row.retractionRequestedAt,
      callerSilence: callerSilenceAt(row.lastCallerFix, at),
      ring50Coverage: coverage,
    };
  }

  /**
   * Every open case whose caller's page went silent with a low battery gets one `caller_silent_low_battery` event
   * per silence (the repository keys it by the last fix), so the timeline shows it and the board hears of it live.
   */
  async function recordCallerSilences(rows: OpenCaseRow[], at: Date): Promise<RecordedCallerSilence[]> {
    const written: RecordedCallerSilence[] = [];
    for (const row of rows) {
      if (deps.scope && !deps.scope(row.id)) continue;
      const silence = callerSilenceAt(row.lastCallerFix, at);
      if (!silence) continue;
      const seq = await deps.repo.recordCallerSilence(row.id, silence);
      if (seq === null) continue;
      written.push({ caseId: row.id, seq, ...silence });
      deps.log?.warn({ caseId: row.id, ...silence }, 'caller page silent with a low battery');
    }
    return written;
  }

  /** Most urgent first: breached, then due soon, then ok; within each, least time left first, then oldest. */
  function sortBoard(cases: BoardCase[]): BoardCase[] {
    const left = (c: BoardCase) => (c.clock ? c.clock.targetS - (c.clock.elapsedS ?? 0) : Number.POSITIVE_INFINITY);
    return cases.sort(
      (a, b) => rank[a.urgency] - rank[b.urgency] || left(a) - left(b) || b.ageS - a.ageS || a.id.localeCompare(b.id),
    );
  }

  return {
    /** The board, or with `ids` only those cases (the ones of them still open: a missing id was closed). */
    async board(ids?: readonly string[]): Promise<{ now: string; cases: BoardCase[] }> {
      const at = now();
      const rows = await deps.repo.openCases(ids);
      const coverage = await ring50Coverage(rows);
      return {
        now: at.toISOString(),
        cases: sortBoard(rows.map((r) => toBoardCase(r, at, coverage.get(r.id) ?? null))),
      };
    },

    /** One pass of the caller-silence check alone (the escalation tick runs it too). */
    async callerSilences(): Promise<RecordedCallerSilence[]> {
      const at = now();
      return recordCallerSilences(await deps.repo.openCases(), at);
    },

    /** Severe DJI health items of the last half hour (drone-health.ts says which and for how long). */
    async droneHealth(): Promise<BoardDroneHealthResponse> {
      const at = now();
      const rows = await deps.repo.recentHms(new Date(at.getTime() - HMS_KEPT_S * 1000), BOARD_HMS_MIN_LEVEL);
      return {
        now: at.toISOString(),
        minLevel: BOARD_HMS_MIN_LEVEL,
        activeForS: HMS_ACTIVE_S,
        keptForS: HMS_KEPT_S,
        items: droneHealthItems(rows, at),
      };
    },

    /**
     * One escalation pass: every running clock past its target gets one `clock_breached` event per (case, step)
     * — the idempotency key makes a second ticker or a restart harmless — and only the pass that wrote the event
     * notifies the duty group. The same pass records caller silences (`recordCallerSilences`).
     */
    async tick(): Promise<Breach[]> {
      const at = now();
      const written: Breach[] = [];
      const rows = await deps.repo.openCases();
      await recordCallerSilences(rows, at).catch((err: unknown) =>
        deps.log?.error({ err }, 'caller silence pass failed'),
      );
      for (const row of rows) {
        if (deps.scope && !deps.scope(row.id)) continue;
        for (const b of newBreaches(caseClocks(row.kind, row.events, at))) {
          const elapsedS = b.elapsedS ?? 0;
          const seq = await deps.repo.recordBreach(row.id, b.step, b.targetS, elapsedS);
          if (seq === null) continue;
          const breach = {
            caseId: row.id,
            kind: row.kind,
            title: row.title,
            step: b.step,
            targetS: b.targetS,
            elapsedS,
            seq,
          };
          written.push(breach);
          deps.log?.warn(breach, 'clock breached');
          if (deps.notify) {
            await deps
              .notify(breach)
              .catch((err: unknown) => deps.log?.error({ err, caseId: row.id }, 'breach notify failed'));
          }
        }
      }
      return written;
    },
  };
}
export type BoardService = ReturnType<typeof createBoardService>;

/** Run `tick` every `everyMs`; one pass at a time. */
export function startEscalationTicker(service: BoardService, everyMs: number, log?: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = service
      .tick()
      .catch((err: unknown) => log?.error({ err }, 'escalation tick failed'))
      .finally(() => {
        running = null;
      });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
