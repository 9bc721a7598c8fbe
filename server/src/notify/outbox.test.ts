import { describe, expect, it } from 'vitest';
import type { SendResult } from './channels/channel.ts';
import { decideOutcome } from './outbox.ts';

const options = { maxAttempts: 3, backoffBaseMs: 1_000, backoffCapMs: 4_000 };
const failure = (retryable: boolean, extra: Partial<SendResult> = {}): SendResult => ({
  ok: false,
  httpStatus: 502,
  vendorCode: null,
  retryable,
  error: 'bad gateway',
  ...extra,
});

describe('decideOutcome', () => {
  it('a sent message is done', () => {
    const sent = { ok: true, httpStatus: 200, vendorCode: 0, retryable: false, error: null };
    expect(decideOutcome(sent, 1, options, 0)).toEqual({ status: 'sent', nextAttemptAt: null, lastError: null });
  });

  it('a retryable failure goes back in the queue after a backoff within the step', () => {
    const o = decideOutcome(failure(true), 2, options, 0);
    expect(o.status).toBe('queued');
    expect(o.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(1_000);
    expect(o.nextAttemptAt!.getTime()).toBeLessThanOrEqual(2_000);
  });

  it('waits at least as long as the vendor asked', () => {
    const o = decideOutcome(failure(true, { retryAfterMs: 600_000 }), 1, options, 0);
    expect(o.nextAttemptAt!.getTime()).toBe(600_000);
  });

  it('gives up after the last attempt, saying so', () => {
    expect(decideOutcome(failure(true), 3, options, 0)).toEqual({
      status: 'failed',
      nextAttemptAt: null,
      lastError: 'gave up after 3 attempts: bad gateway',
    });
  });

  it('a permanent failure is not tried again', () => {
    expect(decideOutcome(failure(false), 1, options, 0)).toEqual({
      status: 'failed',
      nextAttemptAt: null,
      lastError: 'bad gateway',
    });
  });
});
