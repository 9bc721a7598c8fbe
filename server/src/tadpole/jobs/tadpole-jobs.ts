import { direct, withTransaction, type Database } from '@lookout/db';
import type { Logger } from 'pino';
import type { AlertRow, AlertsRepo } from '../alerts/alerts.repo.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import { shouldWiden } from '../area/broadcast-radius.ts';
import type { CapService } from '../cap/cap.service.ts';
import type { ClocksRepo } from '../clocks/clocks.repo.ts';
import type { DeliveriesPort } from '../delivery-port.ts';
import { appendEvent } from '../events.repo.ts';
import type { PhotosRepo } from '../photos/photos.repo.ts';
import type { ReunionRepo } from '../reunion/reunion.repo.ts';
import type { TipsRepo } from '../tips/tips.repo.ts';
import type { JobsRepo } from './jobs.repo.ts';

export interface TadpoleJobsDeps {
  database: Database;
  repo: JobsRepo;
  alertsRepo: Pick<AlertsRepo, 'active' | 'get'>;
  alerts: Pick<AlertsService, 'view'>;
  cap: CapService;
  deliveries: DeliveriesPort;
  clocks: Pick<ClocksRepo, 'times'>;
  reunion: Pick<ReunionRepo, 'upsertOutcome'>;
  photos: Pick<PhotosRepo, 'purgeAll' | 'revokeAll'>;
  tips: Pick<TipsRepo, 'purgeForAlert'>;
  everyS: number;
  /** Widen when the radius grew by more than this share of the last one sent (0.2 = 20 %). */
  widenThreshold?: number;
  now: () => Date;
  log: Logger;
}

export interface TickResult {
  widened: number;
  steps: number;
  publicPurged: number;
  caseFilesPurged: number;
}

/**
 * The tadpole background work, one tick every TADPOLE_WIDEN_EVERY_S: widen the broadcast areas, write the steps
 * derived from deliveries (first broadcast, retraction sent) into the event log, and purge what is due. Every
 * write is conditional, so two servers ticking at once do no harm (at worst one extra Update).
 */
export function createTadpoleJobs(deps: TadpoleJobsDeps) {
  const q = direct(deps.database);
  const log = deps.log.child({ module: 'tadpole-jobs' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function widenOne(row: AlertRow, now: Date): Promise<boolean> {
    if (row.sentRadiusM === null || new Date(row.expiresAt) <= now) return false;
    const { radiusM } = deps.alerts.view(row);
    const latest = (await deps.cap.list(row.id)).filter((m) => m.msgType !== 'Cancel').at(-1);
    if (!latest) return false;
    if (!shouldWiden(row.sentRadiusM, radiusM, deps.widenThreshold ?? 0.2)) {
      // Groups created since the last message (or whose enqueue was cut short by a crash) still get it.
      await deps.deliveries.enqueue(latest.id, { kind: 'area' });
      return false;
    }
    const message = await withTransaction(deps.database, (tx) =>
      deps.cap.compose(tx, row, 'Update', { radiusM, by: null, expires: new Date(row.expiresAt) }),
    );
    const { queued } = await deps.cap.dispatch(row, message, [{ kind: 'area' }], null);
    log.info({ alertId: row.id, from: row.sentRadiusM, to: radiusM, queued }, 'broadcast area widened');
    return true;
  }

  async function widen(): Promise<number> {
    let widened = 0;
    const now = deps.now();
    for (const row of await deps.alertsRepo.active()) {
      // One alert that cannot be widened (say an age band with no ring) must not stop the others.
      try {
        if (await widenOne(row, now)) widened++;
      } catch (err) {
        log.error({ err, alertId: row.id }, 'broadcast area not widened');
      }
    }
    return widened;
  }

  async function derivedSteps(): Promise<number> {
    let written = 0;
    for (const a of await deps.repo.stepCandidates(deps.now())) {
      const times = await deps.clocks.times(a.id);
      if (!times) continue;
      for (const step of ['first_broadcast', 'retraction_sent'] as const) {
        const at = times[step];
        if (!at) continue;
        const seq = await appendEvent(q, {
          caseId: a.caseId,
          type: step,
          at: new Date(at),
          data: { alertId: a.id },
          idempotencyKey: step,
        });
        if (seq !== null) written++;
      }
    }
    return written;
  }

  async function purge(): Promise<{ publicPurged: number; caseFilesPurged: number }> {
    const now = deps.now();
    let publicPurged = 0;
    for (const a of await deps.repo.publicDue(now)) {
      const done = await withTransaction(deps.database, async (tx) => {
        if (!(await deps.repo.purgePublicCard(tx, a.id, now))) return false;
        await deps.photos.revokeAll(tx, a.id);
        const photos = await deps.photos.purgeAll(tx, a.id);
        await appendEvent(tx, {
          caseId: a.caseId,
          type: 'public_purged',
          at: now,
          data: { alertId: a.id, photos },
          idempotencyKey: 'public_purged',
        });
        return true;
      });
      if (done) {
        publicPurged++;
        const times = await deps.clocks.times(a.id);
        if (times) await deps.reunion.upsertOutcome(q, a.id, times);
      }
    }
    let caseFilesPurged = 0;
    for (const a of await deps.repo.caseFilesDue(now)) {
      const done = await withTransaction(deps.database, async (tx) => {
        const times = await deps.clocks.times(a.id, tx);
        if (times) await deps.reunion.upsertOutcome(tx, a.id, times);
        if (!(await deps.repo.purgeCaseFile(tx, a.id, now))) return false;
        const tips = await deps.tips.purgeForAlert(tx, a.id);
        await deps.photos.purgeAll(tx, a.id);
        await appendEvent(tx, {
          caseId: a.caseId,
          type: 'case_file_purged',
          at: now,
          data: { alertId: a.id, tips },
          idempotencyKey: 'case_file_purged',
        });
        return true;
      });
      if (done) caseFilesPurged++;
    }
    if (publicPurged || caseFilesPurged) log.info({ publicPurged, caseFilesPurged }, 'tadpole purge');
    return { publicPurged, caseFilesPurged };
  }

  async function tick(): Promise<TickResult> {
    const widened = await widen();
    const steps = await derivedSteps();
    return { widened, steps, ...(await purge()) };
  }

  return {
    tick,
    widen,
    purge,
    derivedSteps,
    start(): void {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = tick()
          .catch((err: unknown) => log.warn({ err }, 'tadpole tick failed'))
          .finally(() => {
            running = undefined;
          });
      }, deps.everyS * 1000);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}

export type TadpoleJobs = ReturnType<typeof createTadpoleJobs>;
