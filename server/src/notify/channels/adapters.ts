import type { Logger } from 'pino';
import type { ChannelAdapter, SendingChannel } from './channel.ts';
import { dingtalkAdapter } from './dingtalk.ts';
import { feishuAdapter } from './feishu.ts';
import { smsAdapter, type SmsGateway } from './sms.ts';
import { wecomAdapter } from './wecom.ts';
import type { VendorBases } from './webhook-url.ts';

export type Adapters = Record<SendingChannel, ChannelAdapter>;

export function createAdapters(options: {
  bases: VendorBases;
  sms: SmsGateway;
  log: Logger;
  timeoutMs?: number;
  now?: () => number;
}): Adapters {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  return {
    wecom: wecomAdapter({ bases: options.bases, timeoutMs }),
    dingtalk: dingtalkAdapter({ bases: options.bases, timeoutMs, now }),
    feishu: feishuAdapter({ bases: options.bases, timeoutMs, now }),
    sms: smsAdapter({ gateway: options.sms, timeoutMs, log: options.log }),
  };
}
