/**
 * What the alerts need of the delivery module (server/src/tadpole/delivery), narrowed to the calls made here, so
 * the alerts do not import the queue's internals.
 */
export type DeliveryTarget = { kind: 'area' } | { kind: 'previous' } | { kind: 'groups'; groupIds: string[] };

export interface DeliveriesPort {
  enqueue(capMessageId: number, target: DeliveryTarget): Promise<{ queued: number }>;
  summary(alertId: string): Promise<unknown>;
  /** Staff drop a group: its unsent deliveries of the alert stop. */
  drop(alertId: string, groupId: string): Promise<{ dropped: number }>;
}
