import { describe, expect, it } from 'vitest';
import { attemptNoteKey, deliveryRows, reachOf, rowStateCounts } from './delivery-rows.ts';
import type { Delivery } from './tadpole-types.ts';

function d(id: number, groupId: string, status: Delivery['status'], over: Partial<Delivery> = {}): Delivery {
  return {
    id,
    seq: id,
    alertId: 'alert-1',
    capMessageId: 1,
    groupId,
    groupName: `群${groupId}`,
    channel: 'wecom',
    gridName: null,
    memberCount: 100,
    liaisonId: null,
    priority: 0,
    msgType: 'Alert',
    status,
    attempts: 1,
    nextAttemptAt: '2026-01-01T00:00:00.000Z',
    lastError: null,
    lastAttemptNote: null,
    addedBy: 'area',
    createdAt: '2026-01-01T00:00:00.000Z',
    sentAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ...over,
  };
}

describe('deliveryRows', () => {
  it('gives one row per group with its newest message', () => {
    const rows = deliveryRows([d(1, 'a', 'sent'), d(5, 'a', 'queued', { msgType: 'Update' })]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.latest.id).toBe(5);
    expect(rows[0]!.history.map((x) => x.id)).toEqual([5, 1]);
  });

  it('lists failed groups first and forwarded ones last', () => {
    const rows = deliveryRows([d(1, 'a', 'acknowledged'), d(2, 'b', 'sent'), d(3, 'c', 'failed'), d(4, 'e', 'queued')]);
    expect(rows.map((r) => r.groupId)).toEqual(['c', 'e', 'b', 'a']);
  });

  it('offers 已转发 only for a forward-kit group whose newest message is not yet marked', () => {
    const rows = deliveryRows([
      d(1, 'k', 'queued', { channel: 'forward_kit' }),
      d(3, 'w', 'sent'),
      d(4, 'x', 'acknowledged', { channel: 'forward_kit' }),
      d(5, 'c', 'acknowledged', { channel: 'forward_kit' }),
      d(6, 'c', 'queued', { channel: 'forward_kit', msgType: 'Cancel' }),
      d(7, 'f', 'failed', { channel: 'forward_kit' }),
    ]);
    const ack = Object.fromEntries(rows.map((r) => [r.groupId, r.toAcknowledge?.id ?? null]));
    // The retraction (Cancel) after a forwarded Alert has to be forwarded too; a dropped one (failed) does not.
    expect(ack).toEqual({ k: 1, w: null, x: null, c: 6, f: null });
  });
});

describe('reachOf', () => {
  it('counts members of every chosen group and of the groups actually reached', () => {
    const rows = deliveryRows([
      d(1, 'a', 'sent', { memberCount: 300 }),
      d(2, 'b', 'failed', { memberCount: 200 }),
      d(3, 'c', 'acknowledged', { memberCount: 50 }),
    ]);
    expect(reachOf(rows)).toEqual({ groups: 3, members: 550, reachedGroups: 2, reached: 350 });
  });
});

describe('rowStateCounts', () => {
  it('counts each group once, in the state its row shows (a kit waiting for 已转发 is 待转发, not 排队中)', () => {
    const rows = deliveryRows([
      d(1, 'k', 'queued', { channel: 'forward_kit' }),
      d(2, 'k2', 'acknowledged', { channel: 'forward_kit' }),
      d(3, 'k2', 'queued', { channel: 'forward_kit', msgType: 'Cancel' }),
      d(4, 's', 'sent'),
      d(5, 's', 'queued', { msgType: 'Cancel' }),
      d(6, 'x', 'failed'),
    ]);
    expect(rowStateCounts(rows)).toEqual({ to_forward: 2, queued: 1, sending: 0, sent: 0, failed: 1, acknowledged: 0 });
  });
});

describe('attemptNoteKey', () => {
  it('gives the SMS sink its locale text, with or without the old file path', () => {
    expect(attemptNoteKey('SMS sink, not sent')).toBe('tadpole.deliveries.smsSink');
    expect(attemptNoteKey('SMS sink, not sent (/srv/lookout/data/sms-outbox.jsonl)')).toBe(
      'tadpole.deliveries.smsSink',
    );
  });

  it('leaves a vendor note alone', () => {
    expect(attemptNoteKey('errcode 0 ok')).toBeNull();
  });
});
