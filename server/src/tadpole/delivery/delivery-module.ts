import path from 'node:path';
import type { Router } from 'express';
import type { Logger } from 'pino';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Database } from '@lookout/db';
import { createRouter } from '../../http/router.ts';
import type { SmsGateway } from '../../notify/channels/sms.ts';
import { defaultVendorBases, type VendorBases } from '../../notify/channels/webhook-url.ts';
import { createSenders, type Senders } from '../../notify/senders.ts';
import { createWorkerLock } from '../../notify/worker-lock.ts';
import { createGroupsRepo } from '../groups/groups.repo.ts';
import { createGroupTester } from '../groups/group-test.ts';
import { groupsRoutes } from '../groups/groups.routes.ts';
import { createGroupsService, type GroupsService } from '../groups/groups.service.ts';
import { createDeliveriesRepo } from './deliveries.repo.ts';
import { deliveriesRoutes } from './deliveries.routes.ts';
import { createDeliveriesService, type DeliveriesService } from './deliveries.service.ts';
import { createDeliveryWorker, type DeliveryWorker, type WorkerOptions } from './delivery-worker.ts';
import { createMessageContent, type AlertLinks } from './message-content.ts';

export type { GroupsService } from '../groups/groups.service.ts';
export type { DeliveriesService } from './deliveries.service.ts';
export type { EnqueueTarget } from './deliveries.repo.ts';

export interface DeliveryModuleDeps {
  database: Database;
  log: Logger;
  registry: Registry;
  /** 32 bytes (db/src/secrets/secret-key.ts): seals group credentials. */
  secretKey: Buffer;
  publicUrl: string;
  /** Signs test messages (default "Lookout"). */
  stationName?: string;
  /** The SMS outbox of the embedded default (default `./data/sms-outbox.jsonl`); ignored with a gateway. */
  smsSinkFile?: string;
  /** A real SMS gateway (see channels/sms.ts); unset → the file sink. */
  smsGateway?: { url: string; token?: string; ratePerSecond?: number };
  /** Where robots may live (tests and the bench point these at local receivers). */
  vendorBases?: Partial<VendorBases>;
  /** The public card and photo links of an alert (CORE); without them the messages carry no links. */
  links?: AlertLinks;
  worker?: Partial<WorkerOptions>;
  sendTimeoutMs?: number;
}

export interface DeliveryModule {
  groups: GroupsService;
  deliveries: DeliveriesService;
  worker: DeliveryWorker;
  /** Mount at /api/v1: /tadpole/groups…, /tadpole/deliveries…. */
  routes: Router;
  /**
   * What the worker sends with, for other senders (the board's duty-group notice): the same adapters, the same
   * per-robot rate limiter (a robot shared with alerts stays within its limit) and the key of group credentials.
   */
  sending: Senders;
}

function metric<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/** Community groups, channel adapters, the durable delivery queue and its worker, wired once. */
export function createDeliveryModule(deps: DeliveryModuleDeps): DeliveryModule {
  const { database, registry } = deps;
  const log = deps.log.child({ module: 'tadpole-delivery' });
  const vendorBases: VendorBases = { ...defaultVendorBases, ...deps.vendorBases };
  const sms: SmsGateway = deps.smsGateway
    ? { kind: 'http', url: deps.smsGateway.url, ...(deps.smsGateway.token ? { token: deps.smsGateway.token } : {}) }
    : { kind: 'sink', file: deps.smsSinkFile ?? path.resolve('data', 'sms-outbox.jsonl') };
  if (sms.kind === 'sink') log.warn({ file: sms.file }, 'SMS sink, not sent: SMS deliveries are written to a file');

  const rejected = metric(
    registry,
    'lookout_tadpole_groups_rejected_total',
    () =>
      new Counter({
        name: 'lookout_tadpole_groups_rejected_total',
        help: 'Community group writes refused, by reason (area, credentials)',
        labelNames: ['reason'] as const,
        registers: [registry],
      }),
  );
  const attempts = metric(
    registry,
    'lookout_tadpole_delivery_attempts_total',
    () =>
      new Counter({
        name: 'lookout_tadpole_delivery_attempts_total',
        help: 'Delivery attempts by channel and outcome (sent, retry, failed)',
        labelNames: ['channel', 'outcome'] as const,
        registers: [registry],
      }),
  );
  const sendSeconds = metric(
    registry,
    'lookout_tadpole_delivery_send_seconds',
    () =>
      new Histogram({
        name: 'lookout_tadpole_delivery_send_seconds',
        help: 'Time of one send to a vendor, by channel',
        labelNames: ['channel'] as const,
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
        registers: [registry],
      }),
  );

  const repo = createDeliveriesRepo(database);
  const content = createMessageContent(repo, deps.links ?? {});
  const sending = createSenders({
    secretKey: deps.secretKey,
    bases: vendorBases,
    sms,
    smsPerSecond: deps.smsGateway?.ratePerSecond ?? 10,
    log,
    ...(deps.sendTimeoutMs ? { timeoutMs: deps.sendTimeoutMs } : {}),
  });
  const { box, adapters, limiter } = sending;
  const worker = createDeliveryWorker({
    repo,
    box,
    adapters,
    limiter,
    lock: createWorkerLock(database, box.keyId),
    content,
    log,
    metrics: { attempts, sendSeconds },
    ...(deps.worker ? { options: deps.worker } : {}),
  });
  const groups = createGroupsService({ repo: createGroupsRepo(database), box, vendorBases, rejected });
  const tester = createGroupTester({
    repo: createGroupsRepo(database),
    box,
    senders: sending,
    stationName: deps.stationName ?? 'Lookout',
    log,
  });
  const deliveries = createDeliveriesService({ repo, kick: worker.kick, content, smsSink: sms.kind === 'sink' });

  // Another server's enqueue rings this doorbell; the active worker looks at once instead of at its next poll.
  void database
    .listen('lookout_deliveries', () => worker.kick())
    .catch((err: unknown) => {
      log.warn({ err }, 'could not listen for delivery kicks; polling only');
    });

  const routes = createRouter();
  routes.use(groupsRoutes(groups, tester));
  routes.use(deliveriesRoutes(deliveries));
  return { groups, deliveries, worker, routes, sending };
}
