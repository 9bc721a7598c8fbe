import type { Logger } from 'pino';
import type { SecretBox } from '@lookout/db';
import { createAdapters, type Adapters } from './channels/adapters.ts';
import type { SmsGateway } from './channels/sms.ts';
import type { VendorBases } from './channels/webhook-url.ts';
import { credentialsBox } from './credentials.ts';
import { rateRulesFor } from './rate-rules.ts';
import { RobotLimiter } from './robot-limiter.ts';

/**
 * What every outbox of a process sends with: one set of channel adapters, one per-robot rate limiter (a robot
 * that receives both alerts and duty notices stays within its vendor's limit) and the box that opens group
 * credentials.
 */
export interface Senders {
  box: SecretBox;
  adapters: Adapters;
  limiter: RobotLimiter;
}

export function createSenders(options: {
  /** 32 bytes (db/src/secrets/secret-key.ts). */
  secretKey: Buffer;
  bases: VendorBases;
  sms: SmsGateway;
  /** The SMS gateway's own limit, in requests per second. */
  smsPerSecond: number;
  log: Logger;
  timeoutMs?: number;
}): Senders {
  return {
    box: credentialsBox(options.secretKey),
    adapters: createAdapters({
      bases: options.bases,
      sms: options.sms,
      log: options.log,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    }),
    limiter: new RobotLimiter(rateRulesFor(options.smsPerSecond)),
  };
}
