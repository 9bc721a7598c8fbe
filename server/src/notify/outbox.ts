import type { Logger } from 'pino';
import type { Adapters } from './channels/adapters.ts';
import type {
  ChannelAdapter,
  GroupCredentials,
  OutgoingMessage,
  SendingChannel,
  SendResult,
} from './channels/channel.ts';
import { backoffMs } from './rate-rules.ts';
import type { RobotLimiter } from './robot-limiter.ts';
import type { WorkerLock } from './worker-lock.ts';

/**
 * The leased outbox: every message Lookout sends to a chat robot or an SMS gateway goes through it. A client
 * keeps its queue in its own table (an `OutboxStore`); the outbox claims due rows under a lease, sends each
 * through its channel adapter within the robot's rate limit, and records the outcome: sent, tried again after
 * an exponential backoff, or given up after `maxAttempts` (or at once when the vendor's answer is permanent).
 *
 * A claim is written before the send, so a second server or a restart does not send the row again; a send cut
 * short by a crash leaves its lease to run out, and the row is tried again — the one way a message can arrive
 * twice.
 */
export interface OutboxRow {
  id: number | string;
  /** This claim's attempt number, 1 for the first try. */
  attempts: number;
}

export interface OutboxOutcome {
  status: 'sent' | 'queued' | 'failed';
  /** `queued`: when to try again. */
  nextAttemptAt: Date | null;
  lastError: string | null;
}

export interface OutboxResult<R extends OutboxRow> {
  row: R;
  outcome: OutboxOutcome;
  /** The vendor's answer (or the reason the row was not sent at all). */
  result: SendResult;
  durationMs: number;
  channel: SendingChannel | null;
}

export interface OutboxStore<R extends OutboxRow> {
  /**
   * Claim up to `limit` due rows, each ours for `leaseMs`, most urgent first — never one of `busy`, the rows this
   * worker is still sending (a send slower than the lease must not be claimed and sent a second time).
   */
  claim(limit: number, leaseMs: number, busy: ReadonlySet<R['id']>): Promise<R[]>;
  /** Put claimed rows back untried (the robot had no room, the content was not ready): due again at `at`. */
  defer(rows: { row: R; at: Date }[]): Promise<void>;
  /** Record outcomes; returns the ids whose lease was still ours (undefined: all of them). */
  finish(results: OutboxResult<R>[]): Promise<Set<R['id']> | void>;
  /** When the next row falls due; the background loop sleeps until then. */
  earliestDue?(): Promise<Date | null>;
}

/** What a client makes of a claimed row before it is sent. */
export type Prepared =
  | { kind: 'send'; channel: SendingChannel; credentials: GroupCredentials; message: OutgoingMessage }
  /** Cannot be sent, now or later (disabled group, no credentials, content gone). */
  | { kind: 'fail'; error: string; channel?: SendingChannel | null }
  /** Not ready yet: back in the queue untried. */
  | { kind: 'later'; at: Date }
  /** Nothing for the outbox to do. */
  | { kind: 'skip' };

export interface OutboxOptions {
  /** A claimed row is ours this long; after that another worker may take it (a crash). */
  leaseMs: number;
  batch: number;
  maxInFlight: number;
  /** Longest sleep of the background loop with nothing due. */
  idlePollMs: number;
  /** A stand-by tries the lock this often. */
  standbyPollMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}

export const defaultOutboxOptions: OutboxOptions = {
  leaseMs: 60_000,
  batch: 100,
  maxInFlight: 96,
  idlePollMs: 1_000,
  standbyPollMs: 2_000,
  maxAttempts: 10,
  backoffBaseMs: 2_000,
  backoffCapMs: 120_000,
};

export interface OutboxObserver {
  attempt(channel: string, outcome: 'sent' | 'retry' | 'failed'): void;
  sendSeconds(channel: string, seconds: number): void;
}

export interface OutboxDeps<R extends OutboxRow> {
  name: string;
  store: OutboxStore<R>;
  prepare(row: R): Promise<Prepared>;
  adapters: Adapters;
  limiter: RobotLimiter;
  log: Logger;
  /** Needed by `start()`: the rate limits are counted in memory, so one active background loop per deployment. */
  lock?: WorkerLock;
  observe?: OutboxObserver;
  options?: Partial<OutboxOptions>;
}

export interface Outbox {
  /** Run in the background: claim, send and record until stopped. */
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
  /**
   * Send every row due now, in the foreground, and return how many were sent. One drain at a time; a call
   * during a drain runs one more pass after it.
   */
  drain(): Promise<number>;
  /** Sends in flight now. */
  inFlight(): number;
  isActive(): boolean;
}

/** Sent, tried again after a backoff, or given up: the vendor's answer and the attempts so far decide. */
export function decideOutcome(
  result: SendResult,
  attempts: number,
  o: Pick<OutboxOptions, 'maxAttempts' | 'backoffBaseMs' | 'backoffCapMs'>,
  now: number = Date.now(),
): OutboxOutcome {
  if (result.ok) return { status: 'sent', nextAttemptAt: null, lastError: null };
  if (result.retryable && attempts < o.maxAttempts) {
    const wait = Math.max(backoffMs(attempts, o.backoffBaseMs, o.backoffCapMs), result.retryAfterMs ?? 0);
    return { status: 'queued', nextAttemptAt: new Date(now + wait), lastError: result.error };
  }
  const why = result.retryable ? `gave up after ${attempts} attempts: ${result.error}` : result.error;
  return { status: 'failed', nextAttemptAt: null, lastError: why };
}

const refused = (error: string): SendResult => ({
  ok: false,
  httpStatus: null,
  vendorCode: null,
  retryable: false,
  error,
});

export function createOutbox<R extends OutboxRow>(deps: OutboxDeps<R>): Outbox {
  const o = { ...defaultOutboxOptions, ...deps.options };
  const { store, adapters, limiter, log } = deps;
  const inFlight = new Set<Promise<void>>();
  /** The rows of the sends in flight, until their results are recorded. */
  const busy = new Set<R['id']>();
  let state: 'idle' | 'running' | 'stopping' | 'stopped' = 'idle';
  let abandoned = false;
  let active = false;
  let sent = 0;
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

  /**
   * Results are written in small groups (one statement per ~10 ms of answers instead of one per answer): a
   * fan-out to 1,000 groups is bound by these writes on the embedded database. A result waits at most 10 ms
   * in memory — the same exposure as a send in flight if the process dies.
   */
  const pending: { item: OutboxResult<R>; done: () => void }[] = [];
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
        const owned = await store.finish(batch.map((b) => b.item));
        for (const b of batch) {
          if (owned && !owned.has(b.item.row.id)) {
            log.warn({ outbox: deps.name, id: b.item.row.id }, 'send result arrived after its lease passed on');
          }
        }
        break;
      } catch (err) {
        log.warn({ err, outbox: deps.name, results: batch.length, try: i + 1 }, 'could not record send results');
        await new Promise((r) => setTimeout(r, 200 * 2 ** i));
        if (i === 4)
          log.error(
            { outbox: deps.name, results: batch.length },
            'gave up recording send results; their leases will run out and they will be sent again',
          );
      }
    }
    for (const b of batch) b.done();
  }

  function record(row: R, result: SendResult, durationMs: number, channel: SendingChannel | null): Promise<void> {
    const outcome = decideOutcome(result, row.attempts, o);
    deps.observe?.attempt(channel ?? 'none', result.ok ? 'sent' : outcome.status === 'queued' ? 'retry' : 'failed');
    if (abandoned) return Promise.resolve();
    if (result.ok) sent++;
    return new Promise<void>((done) => {
      pending.push({ item: { row, outcome, result, durationMs, channel }, done });
      flushSoon();
    });
  }

  function launch(row: R, adapter: ChannelAdapter, ready: Ready<R>, robot: string, ticket: number) {
    const p = (async () => {
      const t0 = performance.now();
      let result: SendResult;
      try {
        result = await adapter.send(ready.message, ready.credentials);
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
      limiter.settle(robot, ticket, ready.count);
      deps.observe?.sendSeconds(adapter.channel, durationMs / 1000);
      if (abandoned) return;
      if (!result.ok && result.retryAfterMs) limiter.pause(robot, Date.now() + result.retryAfterMs);
      if (!result.ok)
        log.warn(
          { outbox: deps.name, id: row.id, channel: adapter.channel, error: result.error, retryable: result.retryable },
          'send attempt failed',
        );
      await record(row, result, durationMs, adapter.channel);
    })();
    inFlight.add(p);
    busy.add(row.id);
    void p.finally(() => {
      inFlight.delete(p);
      busy.delete(row.id);
      wake();
    });
  }

  type Ready<T> = { row: T; message: OutgoingMessage; credentials: GroupCredentials; count: number };

  async function dispatch(rows: R[]): Promise<void> {
    const byRobot = new Map<string, { adapter: ChannelAdapter; list: Ready<R>[] }>();
    const later: { row: R; at: Date }[] = [];
    for (const row of rows) {
      const prepared = await deps.prepare(row).catch((err: unknown): Prepared => {
        log.warn({ err, outbox: deps.name, id: row.id }, 'could not prepare a message');
        return { kind: 'later', at: new Date(Date.now() + 5_000) };
      });
      switch (prepared.kind) {
        case 'skip':
          continue;
        case 'later':
          later.push({ row, at: prepared.at });
          continue;
        case 'fail':
          await record(row, refused(prepared.error), 0, prepared.channel ?? null);
          continue;
        case 'send': {
          const adapter = adapters[prepared.channel];
          const robot = adapter.robotKey(prepared.credentials);
          const entry = byRobot.get(robot) ?? { adapter, list: [] };
          entry.list.push({ row, ...prepared, count: adapter.messageCount(prepared.message) });
          byRobot.set(robot, entry);
        }
      }
    }
    for (const [robot, { adapter, list }] of byRobot) {
      // Rows come most urgent first, so an Alert takes the robot's room before an Update does.
      const times = limiter.schedule(
        robot,
        list.map((r) => r.count),
      );
      list.forEach((r, i) => {
        const now = Date.now();
        const ticket = times[i]! <= now ? limiter.tryTake(robot, r.count) : null;
        if (ticket !== null) launch(r.row, adapter, r, robot, ticket);
        else later.push({ row: r.row, at: new Date(Math.max(times[i]!, now + 20)) });
      });
    }
    if (later.length) await store.defer(later);
  }

  async function runActive(lock: WorkerLock): Promise<void> {
    while (running() && lock.held()) {
      const free = o.maxInFlight - inFlight.size;
      if (free <= 0) {
        await sleep(o.idlePollMs);
        continue;
      }
      let rows: R[];
      try {
        rows = await store.claim(Math.min(o.batch, free), o.leaseMs, busy);
      } catch (err) {
        log.warn({ err, outbox: deps.name }, 'claim failed; retrying');
        await sleep(1_000);
        continue;
      }
      if (rows.length) {
        await dispatch(rows).catch((err: unknown) => log.error({ err, outbox: deps.name }, 'dispatch failed'));
        continue;
      }
      const due = store.earliestDue ? await store.earliestDue().catch(() => null) : null;
      const wait = due ? Math.min(o.idlePollMs, due.getTime() - Date.now()) : o.idlePollMs;
      if (wait > 0) await sleep(wait);
    }
  }

  async function loop(lock: WorkerLock): Promise<void> {
    while (running()) {
      let got = false;
      try {
        got = await lock.tryAcquire();
      } catch (err) {
        log.warn({ err, outbox: deps.name }, 'could not ask for the outbox lock');
      }
      if (!got) {
        await sleep(o.standbyPollMs);
        continue;
      }
      active = true;
      log.info({ outbox: deps.name }, 'outbox worker active');
      await runActive(lock);
      active = false;
      if (running()) log.warn({ outbox: deps.name }, 'outbox worker lost its lock; standing by');
    }
    if (!abandoned) {
      await Promise.allSettled([...inFlight]);
      await lock.release();
    }
  }

  let draining: Promise<number> | null = null;
  let again = false;

  /**
   * One look at the queue: what is due now is sent and recorded. A full batch means more may be waiting; a row
   * that failed in this pass waits for its backoff and a later pass.
   */
  async function drainPass(): Promise<void> {
    for (;;) {
      const rows = await store.claim(o.batch, o.leaseMs, busy);
      if (rows.length) await dispatch(rows);
      await Promise.allSettled([...inFlight]);
      await flushing;
      if (rows.length < o.batch) return;
    }
  }

  return {
    start() {
      if (state === 'running') return;
      if (!deps.lock) throw new Error(`the ${deps.name} outbox has no lock to run in the background with`);
      state = 'running';
      abandoned = false;
      main = loop(deps.lock);
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
      await deps.lock?.release(true);
      await main?.catch(() => undefined);
    },
    drain() {
      if (draining) {
        again = true;
        return draining;
      }
      const before = sent;
      draining = (async () => {
        do {
          again = false;
          await drainPass();
        } while (again);
        return sent - before;
      })().finally(() => {
        draining = null;
      });
      return draining;
    },
    inFlight: () => inFlight.size,
    isActive: () => active,
  };
}
