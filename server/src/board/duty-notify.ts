import type { Logger } from 'pino';
import type { Adapters } from '../tadpole/channels/adapters.ts';
import type { GroupCredentials, SendResult } from '../tadpole/channels/channel.ts';
import { backoffMs } from '../tadpole/delivery/rate-rules.ts';
import type { RobotLimiter } from '../tadpole/delivery/robot-limiter.ts';
import type { SecretBox } from '@lookout/db';
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
  /** The delivery module's senders: same adapters, same per-robot limiter, same credentials key. */
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

/**
 * The duty group's breach notices (issue 6 part 1), sent through the tadpole channel adapters with the group's
 * decrypted credentials. Durable by the case event log (duty-notify.repo.ts): an attempt is claimed before it is
 * sent, so a second server or a restart does not send it again; a send interrupted by a crash is tried again after
 * the lease (the one way the group can get it twice, as with the delivery queue).
 */
export function createDutyNotifier(deps: DutyNotifierDeps): DutyNotifier {
  const o = { ...defaultDutyNotifyOptions, ...deps.options };
  const now = deps.now ?? (() => new Date());
  const log = deps.log;
  let running: Promise<number> | null = null;
  let again = false;

  function due(p: PendingBreach, at: number): boolean {
    if (p.attempts === 0) return true;
    if (p.lastAttemptSettled) return p.lastFailureRetryAt !== null && Date.parse(p.lastFailureRetryAt) <= at;
    return p.lastAttemptAt !== null && Date.parse(p.lastAttemptAt) + o.leaseMs <= at;
  }

  async function sendOne(p: PendingBreach): Promise<boolean> {
    const attempt = p.attempts + 1;
    const group = await deps.repo.group(deps.groupId);
    const fail = async (error: string, result?: SendResult) => {
      const retry = Boolean(result?.retryable) && attempt < o.maxAttempts;
      const wait = Math.max(backoffMs(attempt, o.backoffBaseMs, o.backoffCapMs), result?.retryAfterMs ?? 0);
      await deps.repo.settle(p, attempt, {
        ok: false,
        httpStatus: result?.httpStatus ?? null,
        vendorCode: result?.vendorCode ?? null,
        error: retry || !result?.retryable ? error : `gave up after ${attempt} attempts: ${error}`,
        note: null,
        retryAt: retry ? new Date(Date.now() + wait) : null,
        groupId: deps.groupId,
        channel: group?.channel ?? null,
      });
      log.warn({ caseId: p.caseId, breachSeq: p.breachSeq, attempt, error, retry }, 'duty group notice failed');
      return false;
    };
    // Room at the robot first (an alert fan-out may be using it): no claim, so the next pass tries again.
    let creds: GroupCredentials | null = null;
    if (group && !group.disabled && group.channel !== 'forward_kit' && group.credentialsEnc) {
      try {
        creds = JSON.parse(deps.box.open(group.credentialsEnc)) as GroupCredentials;
      } catch {
        creds = null;
      }
    }
    const adapter = group && group.channel !== 'forward_kit' ? deps.adapters[group.channel] : null;
    const message = dutyBreachMessage({
      ...p,
      elapsedS: p.elapsedS + Math.max(0, (now().getTime() - Date.parse(p.breachedAt)) / 1000),
    });
    const robot = adapter && creds ? adapter.robotKey(creds) : null;
    const count = adapter ? adapter.messageCount(message) : 1;
    const ticket = robot ? deps.limiter.tryTake(robot, count) : null;
    if (robot && ticket === null) return false;
    if (!(await deps.repo.claim(p, attempt, deps.groupId))) {
      if (robot && ticket !== null) deps.limiter.release(robot, ticket, count);
      return false;
    }
    if (!group) return fail(`the duty group ${deps.groupId} does not exist`);
    if (group.disabled) return fail('the duty group is disabled');
    if (group.channel === 'forward_kit' || !adapter) return fail('a forward-kit group cannot be sent to');
    if (!group.credentialsEnc) return fail('the duty group has no credentials');
    if (!creds || !robot || ticket === null) return fail('the duty group credentials are unreadable with this key');
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
    deps.limiter.settle(robot, ticket, count);
    if (!result.ok && result.retryAfterMs) deps.limiter.pause(robot, Date.now() + result.retryAfterMs);
    if (!result.ok) return fail(result.error ?? 'send failed', result);
    await deps.repo.settle(p, attempt, {
      ok: true,
      httpStatus: result.httpStatus,
      vendorCode: result.vendorCode,
      error: null,
      note: result.note ?? null,
      retryAt: null,
      groupId: group.id,
      channel: group.channel,
    });
    log.info({ caseId: p.caseId, breachSeq: p.breachSeq, attempt, channel: group.channel }, 'duty group told');
    return true;
  }

  async function pass(): Promise<number> {
    let sent = 0;
    const at = now().getTime();
    for (const p of await deps.repo.pending(o.maxAgeS, 200)) {
      if (deps.scope && !deps.scope(p.caseId)) continue;
      if (!due(p, at)) continue;
      if (await sendOne(p)) sent++;
    }
    return sent;
  }

  /** One pass at a time; a call during a pass runs one more pass after it. */
  function drain(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let sent = 0;
      do {
        again = false;
        sent += await pass();
      } while (again);
      return sent;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    async notify() {
      await drain();
    },
    drain,
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
