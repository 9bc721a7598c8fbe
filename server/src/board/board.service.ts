import type { Logger } from 'pino';
import { caseStep } from '../cases/case-step.ts';
import type { BoardCase, BoardDroneHealthResponse, BoardStep, Urgency } from '@lookout/contracts';
import { caseClocks, newBreaches } from './case-clocks.ts';
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

  function toBoardCase(row: OpenCaseRow, at: Date): BoardCase {
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
    };
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
      return { now: at.toISOString(), cases: sortBoard(rows.map((r) => toBoardCase(r, at))) };
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
     * notifies the duty group.
     */
    async tick(): Promise<Breach[]> {
      const at = now();
      const written: Breach[] = [];
      for (const row of await deps.repo.openCases()) {
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
