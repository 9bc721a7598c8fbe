/**
 * The delivery list as the liaison reads it: one row per group (its newest message), the groups that need
 * attention first — failed, then on their way, then delivered, then forwarded. Pure, tested beside.
 */
import type { Delivery } from './tadpole-types.ts';

export interface DeliveryRow {
  groupId: string;
  latest: Delivery;
  /**
   * The delivery the liaison can mark "已转发": a forward-kit group's newest message, not yet marked. The worker never
   * sends those (a person pastes them), so they wait as `queued` until the liaison taps.
   */
  toAcknowledge: Delivery | null;
  /** Every delivery of this group, newest first (Alert, Updates, Cancel). */
  history: Delivery[];
}

const ORDER: Record<Delivery['status'], number> = { failed: 0, queued: 1, sending: 2, sent: 3, acknowledged: 4 };

export function deliveryRows(deliveries: Delivery[]): DeliveryRow[] {
  const byGroup = new Map<string, Delivery[]>();
  for (const d of deliveries) {
    const list = byGroup.get(d.groupId) ?? [];
    list.push(d);
    byGroup.set(d.groupId, list);
  }
  const rows: DeliveryRow[] = [];
  for (const [groupId, list] of byGroup) {
    list.sort((a, b) => b.id - a.id);
    const latest = list[0]!;
    const toAcknowledge =
      latest.channel === 'forward_kit' && (latest.status === 'queued' || latest.status === 'sent') ? latest : null;
    rows.push({ groupId, latest, toAcknowledge, history: list });
  }
  return rows.sort(
    (a, b) =>
      ORDER[a.latest.status] - ORDER[b.latest.status] || a.latest.groupName.localeCompare(b.latest.groupName, 'zh-CN'),
  );
}

/** What a row says: a forward kit waiting for the liaison (待转发), or its newest delivery's status. */
export type RowState = 'to_forward' | Delivery['status'];
export const ROW_STATES: readonly RowState[] = ['to_forward', 'queued', 'sending', 'sent', 'failed', 'acknowledged'];

export function rowState(r: DeliveryRow): RowState {
  return r.toAcknowledge ? 'to_forward' : r.latest.status;
}

/** The counts above the list, from the list's own rows: one per group, in the state its row shows. */
export function rowStateCounts(rows: readonly DeliveryRow[]): Record<RowState, number> {
  const counts = Object.fromEntries(ROW_STATES.map((s) => [s, 0])) as Record<RowState, number>;
  for (const r of rows) counts[rowState(r)] += 1;
  return counts;
}

/** Σ members of the groups a message reached (sent or forwarded), and of all groups chosen. */
export function reachOf(rows: DeliveryRow[]): {
  groups: number;
  members: number;
  reachedGroups: number;
  reached: number;
} {
  let members = 0;
  let reached = 0;
  let reachedGroups = 0;
  for (const r of rows) {
    members += r.latest.memberCount;
    if (r.history.some((d) => d.status === 'sent' || d.status === 'acknowledged')) {
      reached += r.latest.memberCount;
      reachedGroups++;
    }
  }
  return { groups: rows.length, members, reachedGroups, reached };
}

/**
 * The locale key for a note the server's channel adapters attach to an attempt (server/src/tadpole/channels/),
 * or null for a vendor's own words, shown as they came. Notes older than the path-free label may still carry
 * the sink file in brackets; they read the same.
 */
export function attemptNoteKey(note: string): string | null {
  if (/^SMS sink, not sent\b/.test(note)) return 'tadpole.deliveries.smsSink';
  return null;
}
