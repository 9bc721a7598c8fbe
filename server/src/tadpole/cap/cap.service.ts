import { randomUUID } from 'node:crypto';
import { direct, type CapMsgType, type Database, type Query } from '@lookout/db';
import { AppError } from '../../errors.ts';
import type { AlertRow, AlertsRepo } from '../alerts/alerts.repo.ts';
import type { DeliveriesPort, DeliveryTarget } from '../delivery-port.ts';
import { appendEvent } from '../events.repo.ts';
import { capContent } from './cap-content.ts';
import type { CapMessageRow, CapRepo } from './cap.repo.ts';
import { capReference, renderCapXml } from './cap-xml.ts';

export interface CapServiceDeps {
  database: Database;
  repo: CapRepo;
  alerts: Pick<AlertsRepo, 'get'>;
  deliveries: DeliveriesPort;
  /** CAP `sender`: no spaces, commas, '<' or '&'. */
  sender: string;
  senderName: string;
  cardUrl: (alertId: string) => string;
  now: () => Date;
}

export interface ComposeOptions {
  radiusM: number;
  by: string | null;
  expires: Date;
  cancelReason?: 'reunited' | 'withdrawn';
}

/** CAP 1.2 messages of an alert: each references every earlier one; written first, then queued for delivery. */
export function createCapService(deps: CapServiceDeps) {
  return {
    /** Write one message (inside the caller's transaction). */
    async compose(query: Query, alert: AlertRow, msgType: CapMsgType, o: ComposeOptions): Promise<CapMessageRow> {
      const earlier = await deps.repo.list(alert.id, query);
      const references = earlier
        .map((m) => capReference({ sender: deps.sender, identifier: m.identifier, sent: new Date(m.sent) }))
        .join(' ');
      const content = capContent(alert, msgType, o.cancelReason ? { cancelReason: o.cancelReason } : {});
      return deps.repo.insert(query, {
        alertId: alert.id,
        msgType,
        identifier: `lookout-tadpole-${randomUUID()}`,
        sent: new Date(Math.floor(deps.now().getTime() / 1000) * 1000),
        references: references || null,
        headline: content.headline,
        description: content.description,
        centre: alert.point,
        radiusM: o.radiusM,
        expires: o.expires,
        createdBy: o.by,
      });
    },

    /** Queue a written message for its groups and record the step (after the commit that wrote it). */
    async dispatch(
      alert: AlertRow,
      message: CapMessageRow,
      targets: DeliveryTarget[],
      by: string | null,
    ): Promise<{ queued: number }> {
      let queued = 0;
      for (const t of targets) queued += (await deps.deliveries.enqueue(message.id, t)).queued;
      await appendEvent(direct(deps.database), {
        caseId: alert.caseId,
        type: 'cap_message',
        actorId: by,
        data: {
          alertId: alert.id,
          capMessageId: message.id,
          msgType: message.msgType,
          identifier: message.identifier,
          radiusM: message.radiusM,
          queued,
        },
      });
      return { queued };
    },

    list: (alertId: string) => deps.repo.list(alertId),

    /** The CAP 1.2 XML of one message (default: the latest). */
    async xml(alertId: string, messageId: number | undefined): Promise<string> {
      const alert = await deps.alerts.get(alertId);
      if (!alert) throw new AppError('not_found', `No alert ${alertId}`);
      const messages = await deps.repo.list(alertId);
      const m = messageId === undefined ? messages.at(-1) : messages.find((x) => x.id === messageId);
      if (!m) throw new AppError('not_found', `Alert ${alertId} has no such CAP message`);
      const content = capContent(alert, m.msgType);
      const ring = m.area.coordinates[0] ?? [];
      return renderCapXml({
        identifier: m.identifier,
        sender: deps.sender,
        sent: new Date(m.sent),
        status: 'Actual',
        msgType: m.msgType,
        references: m.references,
        info: {
          language: 'zh-CN',
          event: content.event,
          urgency: m.msgType === 'Cancel' ? 'Past' : 'Immediate',
          severity: m.msgType === 'Cancel' ? 'Minor' : 'Severe',
          certainty: 'Observed',
          expires: new Date(m.expires),
          senderName: deps.senderName,
          headline: m.headline,
          description: m.description,
          instruction: m.msgType === 'Cancel' ? '请删除此前转发的信息和照片。' : content.instruction,
          web: m.msgType === 'Cancel' || alert.retractedAt ? null : deps.cardUrl(alert.id),
          contact: alert.contactPhone,
          resource: null,
          area: {
            areaDesc: `${alert.placeText ?? '发布区域'} 半径${(m.radiusM / 1000).toFixed(1)}公里`,
            polygon: ring.length >= 4 ? ring : null,
            circle: { ...alert.point, radiusM: m.radiusM },
          },
        },
      });
    },
  };
}

export type CapService = ReturnType<typeof createCapService>;
