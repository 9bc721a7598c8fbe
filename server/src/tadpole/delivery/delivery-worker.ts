import type { Logger } from 'pino';
import type { Counter, Histogram } from 'prom-client';
import { envelopePrefix, type SecretBox } from '@lookout/db';
import type { Adapters } from '../../notify/channels/adapters.ts';
import type { OutgoingMessage } from '../../notify/channels/channel.ts';
import { openCredentials } from '../../notify/credentials.ts';
import { createOutbox, type Outbox, type OutboxOptions, type OutboxStore, type Prepared } from '../../notify/outbox.ts';
import type { RobotLimiter } from '../../notify/robot-limiter.ts';
import type { WorkerLock } from '../../notify/worker-lock.ts';
import type { ClaimedDelivery, DeliveriesRepo } from './deliveries.repo.ts';

export type WorkerOptions = OutboxOptions;

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

export type DeliveryWorker = Outbox;

/**
 * The alert deliveries as a client of the leased outbox: the `deliveries` table is the queue (status, attempts,
 * lease_until, next_attempt_at), every attempt is kept in `delivery_attempts`. Only rows whose credentials this
 * server's key can open are claimed, so a server started with another key leaves them to the right one.
 */
export function deliveriesOutboxStore(repo: DeliveriesRepo, box: SecretBox): OutboxStore<ClaimedDelivery> {
  const prefix = envelopePrefix(box.keyId);
  return {
    claim: (limit, leaseMs, busy) => repo.claim(limit, leaseMs, prefix, [...busy]),
    defer: (rows) => repo.defer(rows.map(({ row, at }) => ({ id: row.id, leaseUntil: row.leaseUntil, at }))),
    finish: (results) =>
      repo.finishMany(
        results.map(({ row, outcome, result, durationMs }) => ({
          row,
          outcome,
          attempt: {
            ok: result.ok,
            httpStatus: result.httpStatus,
            vendorCode: result.vendorCode,
            error: result.ok ? (result.note ?? null) : result.error,
            durationMs,
          },
        })),
      ),
    earliestDue: () => repo.earliestDue(prefix),
  };
}

export function createDeliveryWorker(deps: WorkerDeps): DeliveryWorker {
  const { box, log } = deps;

  async function prepare(row: ClaimedDelivery): Promise<Prepared> {
    if (row.channel === 'forward_kit') return { kind: 'skip' }; // never claimed; a liaison forwards it
    if (row.groupDisabled) return { kind: 'fail', error: 'the group is disabled', channel: row.channel };
    if (!row.credentialsEnc) return { kind: 'fail', error: 'the group has no credentials', channel: row.channel };
    let credentials;
    try {
      credentials = openCredentials(box, row.credentialsEnc);
    } catch (err) {
      return { kind: 'fail', error: `credentials unreadable: ${(err as Error).message}`, channel: row.channel };
    }
    const message = await deps.content.forDelivery(row.capMessageId, row.id).catch((err: unknown) => {
      log.warn({ err, capMessageId: row.capMessageId }, 'could not render a delivery');
      return undefined;
    });
    if (message === undefined) return { kind: 'later', at: new Date(Date.now() + 5_000) };
    if (message === null)
      return { kind: 'fail', error: 'the alert is purged or the message is gone', channel: row.channel };
    return { kind: 'send', channel: row.channel, credentials, message };
  }

  return createOutbox({
    name: 'tadpole-deliveries',
    store: deliveriesOutboxStore(deps.repo, box),
    prepare,
    adapters: deps.adapters,
    limiter: deps.limiter,
    lock: deps.lock,
    log,
    observe: {
      attempt: (channel, outcome) => deps.metrics.attempts.inc({ channel, outcome }),
      sendSeconds: (channel, seconds) => deps.metrics.sendSeconds.observe({ channel }, seconds),
    },
    ...(deps.options ? { options: deps.options } : {}),
  });
}
