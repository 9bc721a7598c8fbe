/**
 * What the alerts need of the delivery module (server/src/tadpole/delivery, Helper DELIVERY's): the contract of
 * /tmp/tadpole-common.md, narrowed to the calls made here.
 */
export type DeliveryTarget = { kind: 'area' } | { kind: 'previous' } | { kind: 'groups'; groupIds: string[] };

export interface DeliveriesPort {
  enqueue(capMessageId: number, target: DeliveryTarget): Promise<{ queued: number }>;
  summary(alertId: string): Promise<unknown>;
  /** Staff drop a group: its unsent deliveries of the alert stop. */
  drop(alertId: string, groupId: string): Promise<{ dropped: number }>;
}
