import type { Logger } from 'pino';
import type { SecretBox } from '@lookout/db';
import type { Adapters } from '../notify/channels/adapters.ts';
import { openCredentials } from '../notify/credentials.ts';
import { createOutbox, type OutboxRow, type OutboxStore, type Prepared } from '../notify/outbox.ts';
import type { RobotLimiter } from '../notify/robot-limiter.ts';
import type { BoardService, Breach } from './board.service.ts';
import { dutyBreachMessage } from './duty-notify-text.ts';
import type { DutyNotifyRepo, PendingBreach } from './duty-notify.repo.ts';

export interface DutyNotifyOptions {
  /** A claimed attempt without an outcome is taken again after this long (the server died mid-send). */
  leaseMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  /** Breaches older than this are not sent any more (a stale "late" message helps nobody). */
  maxAgeS: number;
}

export const defaultDutyNotifyOptions: DutyNotifyOptions = {
  leaseMs: 60_000,
  maxAttempts: 10,
  backoffBaseMs: 2_000,
  backoffCapMs: 120_000,
  maxAgeS: 3_600,
};

export interface DutyNotifierDeps {
  repo: DutyNotifyRepo;
  groupId: string;
  /** The senders the alert deliveries use: same adapters, same per-robot limiter, same credentials key. */
  box: SecretBox;
  adapters: Adapters;
  limiter: RobotLimiter;
  log: Logger;
  now?: () => Date;
  options?: Partial<DutyNotifyOptions>;
  /** Only these cases (tests sharing a real database). */
  scope?: (caseId: string) => boolean;
}

export interface DutyNotifier {
  /** The board's `notify` hook: the breach is already queued (its event); send what is due now. */
  notify(breach: Breach): Promise<void>;
  /** Send every due notice once (retries and notices left by a restart); returns how many were sent. */
  drain(): Promise<number>;
}

interface DutyRow extends OutboxRow {
  id: string;
  /** The claim's number: the key of its `duty_notify_attempt` event. */
  claim: number;
  breach: PendingBreach;
}

/**
 * The duty group's notices as a store of the leased outbox: the case event log is the queue (see
 * duty-notify.repo.ts), so no second table has to be kept in step with the breaches.
 */
function dutyOutboxStore(deps: DutyNotifierDeps, o: DutyNotifyOptions, now: () => Date): OutboxStore<DutyRow> {
  const { repo, groupId, log } = deps;
  const due = (p: PendingBreach, at: number, leaseMs: number): boolean => {
    if (p.claims === 0) return true;
    if (p.lastAttemptSettled) return p.lastFailureRetryAt !== null && Date.parse(p.lastFailureRetryAt) <= at;
    return p.lastAttemptAt !== null && Date.parse(p.lastAttemptAt) + leaseMs <= at;
  };
  return {
    async claim(limit, leaseMs, busy) {
      const at = now().getTime();
      const claimed: DutyRow[] = [];
      for (const p of await repo.pending(o.maxAgeS, 200)) {
        if (claimed.length >= limit) break;
        if (deps.scope && !deps.scope(p.caseId)) continue;
        if (busy.has(`${p.caseId}:${p.breachSeq}`)) continue;
        if (!due(p, at, leaseMs)) continue;
        const claim = p.claims + 1;
        if (await repo.claim(p, claim, groupId)) {
          claimed.push({ id: `${p.caseId}:${p.breachSeq}`, attempts: p.attempts + 1, claim, breach: p });
        }
      }
      return claimed;
    },
    async defer(rows) {
      for (const { row, at } of rows) await repo.defer(row.breach, row.claim, at, groupId);
    },
    async finish(results) {
      for (const { row, outcome, result, channel } of results) {
        const ok = outcome.status === 'sent';
        await repo.settle(row.breach, row.claim, {
          ok,
          httpStatus: result.httpStatus,
          vendorCode: result.vendorCode,
          error: ok ? null : outcome.lastError,
          note: ok ? (result.note ?? null) : null,
          retryAt: outcome.nextAttemptAt,
          groupId,
          channel,
        });
        const at = { caseId: row.breach.caseId, breachSeq: row.breach.breachSeq, attempt: row.attempts, channel };
        if (ok) log.info(at, 'duty group told');
        else log.warn({ ...at, error: result.error, retry: outcome.status === 'queued' }, 'duty group notice failed');
      }
    },
  };
}

/**
 * The duty group's breach notices, sent through the leased outbox with the group's decrypted credentials. A
 * notice is claimed before it is sent, so a second server or a restart does not send it again; a send
 * interrupted by a crash is tried again after the lease (the one way the group can get it twice).
 */
export function createDutyNotifier(deps: DutyNotifierDeps): DutyNotifier {
  const o = { ...defaultDutyNotifyOptions, ...deps.options };
  const now = deps.now ?? (() => new Date());

  async function prepare(row: DutyRow): Promise<Prepared> {
    const group = await deps.repo.group(deps.groupId);
    if (!group) return { kind: 'fail', error: `the duty group ${deps.groupId} does not exist` };
    const channel = group.channel === 'forward_kit' ? null : group.channel;
    if (group.disabled) return { kind: 'fail', error: 'the duty group is disabled', channel };
    if (!channel) return { kind: 'fail', error: 'a forward-kit group cannot be sent to' };
    if (!group.credentialsEnc) return { kind: 'fail', error: 'the duty group has no credentials', channel };
    let credentials;
    try {
      credentials = openCredentials(deps.box, group.credentialsEnc);
    } catch {
      return { kind: 'fail', error: 'the duty group credentials are unreadable with this key', channel };
    }
    const p = row.breach;
    const message = dutyBreachMessage({
      ...p,
      elapsedS: p.elapsedS + Math.max(0, (now().getTime() - Date.parse(p.breachedAt)) / 1000),
    });
    return { kind: 'send', channel, credentials, message };
  }

  const outbox = createOutbox({
    name: 'duty-notices',
    store: dutyOutboxStore(deps, o, now),
    prepare,
    adapters: deps.adapters,
    limiter: deps.limiter,
    log: deps.log,
    options: {
      leaseMs: o.leaseMs,
      maxAttempts: o.maxAttempts,
      backoffBaseMs: o.backoffBaseMs,
      backoffCapMs: o.backoffCapMs,
    },
  });

  return {
    async notify() {
      await outbox.drain();
    },
    drain: () => outbox.drain(),
  };
}

/**
 * The board service whose escalation pass also sends the due duty notices (retries, and notices left by a
 * restart): the ticker runs it every ESCALATION_EVERY_S.
 */
export function withDutyDrain(board: BoardService, notifier: DutyNotifier, log?: Logger): BoardService {
  return {
    ...board,
    async tick() {
      const written = await board.tick();
      await notifier.drain().catch((err: unknown) => log?.error({ err }, 'duty notice pass failed'));
      return written;
    },
  };
}
