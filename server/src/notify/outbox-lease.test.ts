import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Adapters } from './channels/adapters.ts';
import type { ChannelAdapter } from './channels/channel.ts';
import { createOutbox, type OutboxRow, type OutboxStore } from './outbox.ts';
import { rateRulesFor } from './rate-rules.ts';
import { RobotLimiter } from './robot-limiter.ts';
import type { WorkerLock } from './worker-lock.ts';

interface Row extends OutboxRow {
  id: number;
}

/** A queue in memory that behaves as the tables do: a claimed row is due again once its lease has run out. */
function memoryStore(ids: number[]): OutboxStore<Row> & { sentIds: number[] } {
  const rows = new Map(
    ids.map((id) => [id, { status: 'queued' as 'queued' | 'sending' | 'sent', leaseUntil: 0, attempts: 0 }]),
  );
  const sentIds: number[] = [];
  return {
    sentIds,
    async claim(limit, leaseMs, busy) {
      const now = Date.now();
      const out: Row[] = [];
      for (const [id, r] of rows) {
        if (out.length >= limit) break;
        const due = r.status === 'queued' || (r.status === 'sending' && r.leaseUntil < now);
        if (!due || busy.has(id)) continue;
        r.status = 'sending';
        r.leaseUntil = now + leaseMs;
        r.attempts++;
        out.push({ id, attempts: r.attempts });
      }
      return out;
    },
    async defer(list) {
      for (const { row } of list) rows.get(row.id)!.status = 'queued';
    },
    async finish(results) {
      for (const { row, outcome } of results) if (outcome.status === 'sent') rows.get(row.id)!.status = 'sent';
    },
  };
}

const slowAdapter = (sendMs: number, sent: number[]): ChannelAdapter => ({
  channel: 'sms',
  messageCount: () => 1,
  robotKey: (c) => `sms:${c.phones?.[0] ?? '?'}`,
  async send(m) {
    await new Promise((r) => setTimeout(r, sendMs));
    sent.push(Number(m.title));
    return { ok: true, httpStatus: 200, vendorCode: 0, retryable: false, error: null };
  },
});

const lock: WorkerLock = {
  tryAcquire: async () => true,
  held: () => true,
  release: async () => undefined,
};

describe('the leased outbox', () => {
  it('never claims again a row it is still sending, even when the send outlasts the lease', async () => {
    const sent: number[] = [];
    const store = memoryStore([1, 2, 3, 4]);
    const adapter = slowAdapter(300, sent);
    const outbox = createOutbox<Row>({
      name: 'test',
      store,
      prepare: async (row) => ({
        kind: 'send',
        channel: 'sms',
        credentials: { phones: [`1390000000${row.id}`] },
        message: { title: String(row.id), lines: [] } as never,
      }),
      adapters: { sms: adapter } as unknown as Adapters,
      limiter: new RobotLimiter(rateRulesFor(1_000), 0),
      log: pino({ level: 'silent' }),
      lock,
      options: { leaseMs: 50, idlePollMs: 20, batch: 10, maxInFlight: 10 },
    });
    outbox.start();
    await expect.poll(() => sent.length, { timeout: 5_000 }).toBe(4);
    await new Promise((r) => setTimeout(r, 400)); // a second send of any row would land by now
    await outbox.stop();
    expect(sent.sort()).toEqual([1, 2, 3, 4]);
  });
});
