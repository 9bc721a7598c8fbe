import type { Logger } from 'pino';
import type { Counter, Histogram } from 'prom-client';
import type { Adapters } from '../channels/adapters.ts';
import type { ChannelAdapter, GroupCredentials, OutgoingMessage, SendResult } from '../channels/channel.ts';
import type { ClaimedDelivery, DeliveriesRepo, FinishItem } from './deliveries.repo.ts';
import { backoffMs } from './rate-rules.ts';
import type { RobotLimiter } from './robot-limiter.ts';
import { envelopePrefix, type SecretBox } from '@lookout/db';
import type { WorkerLock } from './worker-lock.ts';

export interface WorkerOptions {
  /** A claimed row is ours this long; after that another worker may take it (a crash). */
  leaseMs: number;
  batch: number;
  maxInFlight: number;
  /** Longest sleep with nothing due (other servers' enqueues also ring `lookout_deliveries`). */
  idlePollMs: number;
  /** A stand-by tries the lock this often. */
  standbyPollMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}

export const defaultWorkerOptions: WorkerOptions = {
  leaseMs: 60_000,
  batch: 100,
  maxInFlight: 96,
  idlePollMs: 1_000,
  standbyPollMs: 2_000,
  maxAttempts: 10,
  backoffBaseMs: 2_000,
  backoffCapMs: 120_000,
};

export interface WorkerMetrics {
  attempts: Counter<'channel' | 'outcome'>;
  sendSeconds: Histogram<'channel'>;
}

export interface WorkerDeps {
  repo: DeliveriesRepo;
  box: SecretBox;
  adapters: Adapters;
  limiter: RobotLimiter;
  lock: WorkerLock;
  content: { forDelivery(capMessageId: number, deliveryId: number): Promise<OutgoingMessage | null> };
  log: Logger;
  metrics: WorkerMetrics;
  options?: Partial<WorkerOptions>;
}

export interface DeliveryWorker {
  start(): void;
  /** Graceful: stop claiming, let the sends in flight finish and record them, release the lock. */
  stop(): Promise<void>;
  /** Something new is due: look now instead of at the next poll. */
  kick(): void;
  /**
   * As if the process died: stop at once, drop the results of the sends in flight (their rows keep a lease
   * that runs out, and a worker sends them again), drop the lock's connection. For a shutdown whose grace ran
   * out, and for the takeover test.
   */
  abandon(): Promise<void>;
  /** Sends in flight now. */
  inFlight(): number;
  isActive(): boolean;
}

type Outcome = { status: 'sent' | 'queued' | 'failed'; nextAttemptAt: Date | null; lastError: string | null };

export function createDeliveryWorker(deps: WorkerDeps): DeliveryWorker {
  const o = { ...defaultWorkerOptions, ...deps.options };
  const { repo, box, adapters, limiter, lock, log } = deps;
  const prefix = envelopePrefix(box.keyId);
  const inFlight = new Set<Promise<void>>();
  let state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  let abandoned = false;
  let active = false;
  let main: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;

  const wake = () => {
    const w = wakeUp;
    wakeUp = undefined;
    w?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(
        () => {
          wakeUp = undefined;
          resolve();
        },
        Math.max(0, ms),
      );
      wakeUp = () => {
        clearTimeout(t);
        resolve();
      };
    });
  const running = () => state === 'running';

  function decide(result: SendResult, row: ClaimedDelivery): Outcome {
    if (result.ok) return { status: 'sent', nextAttemptAt: null, lastError: null };
    if (result.retryable && row.attempts < o.maxAttempts) {
      const wait = Math.max(backoffMs(row.attempts, o.backoffBaseMs, o.backoffCapMs), result.retryAfterMs ?? 0);
      return { status: 'queued', nextAttemptAt: new Date(Date.now() + wait), lastError: result.error };
    }
    const why = result.retryable ? `gave up after ${row.attempts} attempts: ${result.error}` : result.error;
    return { status: 'failed', nextAttemptAt: null, lastError: why };
  }

  /**
   * Results are written in small groups (one statement per ~10 ms of answers instead of one per answer): a
   * fan-out to 1,000 groups is bound by these writes on the embedded database. A result waits at most
   * `flushMs` in memory — the same exposure as a send in flight if the process dies.
   */
  const pending: { item: FinishItem; done: () => void }[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  function flushSoon(): void {
    if (pending.length >= 64) {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = undefined;
      flushing = flushing.then(flush);
    } else {
      flushTimer ??= setTimeout(() => {
        flushTimer = undefined;
        flushing = flushing.then(flush);
      }, 10);
    }
  }

  async function flush(): Promise<void> {
    const batch = pending.splice(0, pending.length);
    if (!batch.length) return;
    // The database may blink (a PostgreSQL restart): try a few times; if it stays away, the leases run out and
    // these rows are sent again — the one way this queue can send twice.
    for (let i = 0; i < 5 && !abandoned; i++) {
      try {
        const owned = await repo.finishMany(batch.map((b) => b.item));
        for (const b of batch) {
          if (!owned.has(b.item.row.id)) {
            log.warn({ deliveryId: b.item.row.id }, 'delivery result arrived after its lease passed to another worker');
          }
        }
        break;
      } catch (err) {
        log.warn({ err, results: batch.length, try: i + 1 }, 'could not record delivery results; retrying');
        await new Promise((r) => setTimeout(r, 200 * 2 ** i));
        if (i === 4)
          log.error(
            { results: batch.length },
            'gave up recording delivery results; their leases will run out and they will be sent again',
          );
      }
    }
    for (const b of batch) b.done();
  }

  function record(
    row: ClaimedDelivery,
    outcome: Outcome,
    result: SendResult,
    durationMs: number,
    channel: string,
  ): Promise<void> {
    deps.metrics.attempts.inc({
      channel,
      outcome: result.ok ? 'sent' : outcome.status === 'queued' ? 'retry' : 'failed',
    });
    if (abandoned) return Promise.resolve();
    const attempt = {
      ok: result.ok,
      httpStatus: result.httpStatus,
      vendorCode: result.vendorCode,
      error: result.ok ? (result.note ?? null) : result.error,
      durationMs,
    };
    return new Promise<void>((done) => {
      pending.push({ item: { row, outcome, attempt }, done });
      flushSoon();
    });
  }

  function launch(
    row: ClaimedDelivery,
    adapter: ChannelAdapter,
    message: OutgoingMessage,
    creds: GroupCredentials,
    robot: string,
    ticket: number,
    count: number,
  ) {
    const p = (async () => {
      const t0 = performance.now();
      let result: SendResult;
      try {
        result = await adapter.send(message, creds);
      } catch (err) {
        result = {
          ok: false,
          httpStatus: null,
          vendorCode: null,
          retryable: true,
          error: `adapter: ${(err as Error).message}`,
        };
      }
      const durationMs = performance.now() - t0;
      limiter.settle(robot, ticket, count);
      deps.metrics.sendSeconds.observe({ channel: row.channel }, durationMs / 1000);
      if (abandoned) return;
      if (!result.ok && result.retryAfterMs) limiter.pause(robot, Date.now() + result.retryAfterMs);
      if (!result.ok)
        log.warn(
          { deliveryId: row.id, channel: row.channel, error: result.error, retryable: result.retryable },
          'delivery attempt failed',
        );
      await record(row, decide(result, row), result, durationMs, row.channel);
    })();
    inFlight.add(p);
    void p.finally(() => {
      inFlight.delete(p);
      wake();
    });
  }

  const failNow = (row: ClaimedDelivery, error: string) =>
    record(
      row,
      { status: 'failed', nextAttemptAt: null, lastError: error },
      { ok: false, httpStatus: null, vendorCode: null, retryable: false, error },
      0,
      row.channel,
    );

  async function dispatch(rows: ClaimedDelivery[]): Promise<void> {
    type Ready = {
      row: ClaimedDelivery;
      adapter: ChannelAdapter;
      message: OutgoingMessage;
      creds: GroupCredentials;
      count: number;
    };
    const byRobot = new Map<string, Ready[]>();
    for (const row of rows) {
      if (row.channel === 'forward_kit') continue; // never claimed; a liaison forwards it
      if (row.groupDisabled) {
        await failNow(row, 'the group is disabled');
        continue;
      }
      if (!row.credentialsEnc) {
        await failNow(row, 'the group has no credentials');
        continue;
      }
      let creds: GroupCredentials;
      try {
        creds = JSON.parse(box.open(row.credentialsEnc)) as GroupCredentials;
      } catch (err) {
        await failNow(row, `credentials unreadable: ${(err as Error).message}`);
        continue;
      }
      const message = await deps.content.forDelivery(row.capMessageId, row.id).catch((err: unknown) => {
        log.warn({ err, capMessageId: row.capMessageId }, 'could not render a delivery');
        return undefined;
      });
      if (message === undefined) {
        await repo.defer([{ id: row.id, leaseUntil: row.leaseUntil, at: new Date(Date.now() + 5_000) }]);
        continue;
      }
      if (message === null) {
        await failNow(row, 'the alert is purged or the message is gone');
        continue;
      }
      const adapter = adapters[row.channel];
      const robot = adapter.robotKey(creds);
      const list = byRobot.get(robot) ?? [];
      list.push({ row, adapter, message, creds, count: adapter.messageCount(message) });
      byRobot.set(robot, list);
    }
    const later: { id: number; leaseUntil: Date; at: Date }[] = [];
    for (const [robot, list] of byRobot) {
      // Rows come in priority order, so an Alert takes the robot's room before an Update does.
      const times = limiter.schedule(
        robot,
        list.map((r) => r.count),
      );
      list.forEach((r, i) => {
        const now = Date.now();
        const ticket = times[i]! <= now ? limiter.tryTake(robot, r.count) : null;
        if (ticket !== null) launch(r.row, r.adapter, r.message, r.creds, robot, ticket, r.count);
        else later.push({ id: r.row.id, leaseUntil: r.row.leaseUntil, at: new Date(Math.max(times[i]!, now + 20)) });
      });
    }
    if (later.length) await repo.defer(later);
  }

  async function runActive(): Promise<void> {
    while (running() && lock.held()) {
      const free = o.maxInFlight - inFlight.size;
      if (free <= 0) {
        await sleep(o.idlePollMs);
        continue;
      }
      let rows: ClaimedDelivery[];
      try {
        rows = await repo.claim(Math.min(o.batch, free), o.leaseMs, prefix);
      } catch (err) {
        log.warn({ err }, 'delivery claim failed; retrying');
        await sleep(1_000);
        continue;
      }
      if (rows.length) {
        await dispatch(rows).catch((err: unknown) => log.error({ err }, 'delivery dispatch failed'));
        continue;
      }
      const due = await repo.earliestDue(prefix).catch(() => null);
      const wait = due ? Math.min(o.idlePollMs, due.getTime() - Date.now()) : o.idlePollMs;
      if (wait > 0) await sleep(wait);
    }
  }

  async function loop(): Promise<void> {
    while (running()) {
      let got = false;
      try {
        got = await lock.tryAcquire();
      } catch (err) {
        log.warn({ err }, 'delivery worker could not ask for its lock');
      }
      if (!got) {
        await sleep(o.standbyPollMs);
        continue;
      }
      active = true;
      log.info({ keyId: box.keyId }, 'delivery worker active');
      await runActive();
      active = false;
      if (running()) log.warn('delivery worker lost its lock; standing by');
    }
    if (!abandoned) {
      await Promise.allSettled([...inFlight]);
      await lock.release();
    }
  }

  return {
    start() {
      if (state === 'running') return;
      state = 'running';
      abandoned = false;
      main = loop();
    },
    async stop() {
      if (state !== 'running') return;
      state = 'stopping';
      wake();
      await main;
      state = 'stopped';
    },
    kick: wake,
    async abandon() {
      abandoned = true;
      state = 'stopped';
      wake();
      await lock.release(true);
      await main?.catch(() => undefined);
    },
    inFlight: () => inFlight.size,
    isActive: () => active,
  };
}
