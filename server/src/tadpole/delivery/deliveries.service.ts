import type { Role } from '@lookout/db';
import { AppError } from '../../errors.ts';
import type { OutgoingMessage } from '../../notify/channels/channel.ts';
import type { DeliveriesRepo, DeliveryView, EnqueueTarget } from './deliveries.repo.ts';
import type { DeliverySummary, ForwardKit as ForwardKitView } from '@lookout/contracts';
import { buildForwardKit } from './forward-kit.ts';

export interface DeliveryUser {
  id: string;
  roles: readonly Role[];
}

export type { DeliverySummary };

export interface DeliveriesService {
  /**
   * Queue one CAP message: 'area' = enabled groups whose area intersects the message's area and that have no
   * delivery of this alert yet; 'previous' = groups that got any message of this alert (the Cancel); 'groups' =
   * chosen by hand. Idempotent per (message, group). Kicks the worker.
   */
  enqueue(capMessageId: number, target: EnqueueTarget): Promise<{ queued: number }>;
  listForAlert(alertId: string): Promise<DeliveryView[]>;
  /** The liaison's "已转发". */
  acknowledge(deliveryId: number, user: DeliveryUser): Promise<DeliveryView>;
  summary(alertId: string): Promise<DeliverySummary>;
  /** Staff drop a group: its unsent deliveries of the alert stop. */
  drop(alertId: string, groupId: string): Promise<{ dropped: number }>;
  retry(deliveryId: number): Promise<DeliveryView>;
  kit(deliveryId: number, user: DeliveryUser): Promise<ForwardKitView>;
}

export interface DeliveriesServiceDeps {
  repo: DeliveriesRepo;
  kick: () => void;
  content: { forDelivery(capMessageId: number, deliveryId: number): Promise<OutgoingMessage | null> };
  smsSink: boolean;
}

export function createDeliveriesService(deps: DeliveriesServiceDeps): DeliveriesService {
  const { repo } = deps;

  const mustGet = async (id: number) => {
    const d = await repo.get(id);
    if (!d) throw new AppError('not_found', 'No such delivery');
    return d;
  };
  /**
   * A liaison answers for the groups given to him; groups without a liaison are anybody's. Any other role he
   * holds handles every group.
   */
  const mayHandle = (d: DeliveryView, user: DeliveryUser) =>
    user.roles.some((r) => r !== 'liaison') || d.liaisonId === null || d.liaisonId === user.id;

  return {
    async enqueue(capMessageId, target) {
      if (target.kind === 'groups' && !target.groupIds.length) return { queued: 0 };
      const result = await repo.enqueue(capMessageId, target);
      if (result.queued) deps.kick();
      return result;
    },
    listForAlert: (alertId) => repo.listForAlert(alertId),
    async acknowledge(deliveryId, user) {
      const d = await mustGet(deliveryId);
      if (!mayHandle(d, user)) throw new AppError('forbidden', 'This group has another liaison');
      if (d.status === 'acknowledged') return d;
      const updated = await repo.acknowledge(deliveryId, user.id);
      if (!updated) throw new AppError('not_found', 'No such delivery');
      return updated;
    },
    async summary(alertId) {
      return { ...(await repo.summary(alertId)), smsSink: deps.smsSink };
    },
    async drop(alertId, groupId) {
      return { dropped: await repo.drop(alertId, groupId, 'dropped by staff') };
    },
    async retry(deliveryId) {
      const d = await mustGet(deliveryId);
      if (d.status !== 'failed')
        throw new AppError('conflict', `Only a failed delivery can be retried (this one is ${d.status})`);
      await repo.requeue(deliveryId);
      deps.kick();
      return mustGet(deliveryId);
    },
    async kit(deliveryId, user) {
      const d = await mustGet(deliveryId);
      if (!mayHandle(d, user)) throw new AppError('forbidden', 'This group has another liaison');
      const m = await deps.content.forDelivery(d.capMessageId, d.id);
      if (!m) throw new AppError('gone', 'The alert was purged; there is nothing to forward');
      return { ...(await buildForwardKit(m)), groupName: d.groupName, channel: d.channel };
    },
  };
}
