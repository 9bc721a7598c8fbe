import path from 'node:path';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { direct, loadSecretKey, type Database } from '@lookout/db';
import type { Config } from '../config.ts';
import { createRouter } from '../http/router.ts';
import { vendorBasesWith } from '../notify/channels/webhook-url.ts';
import { createAlertsRepo } from './alerts/alerts.repo.ts';
import { createAlertsService } from './alerts/alerts.service.ts';
import { publicCardUrl } from './alerts/public-token.ts';
import { createCapRepo } from './cap/cap.repo.ts';
import { createCapService } from './cap/cap.service.ts';
import { createClocksRepo } from './clocks/clocks.repo.ts';
import { createClocksService } from './clocks/clocks.service.ts';
import { createDeliveryModule, type DeliveryModuleDeps } from './delivery/delivery-module.ts';
import { createTadpoleExport } from './export/export.service.ts';
import { createJobsRepo } from './jobs/jobs.repo.ts';
import { createTadpoleJobs } from './jobs/tadpole-jobs.ts';
import { photoUrlFor } from './photos/photo-links.ts';
import { createPhotosRepo } from './photos/photos.repo.ts';
import { createReunionRepo } from './reunion/reunion.repo.ts';
import { createReunionService } from './reunion/reunion.service.ts';
import { rejectedCounter } from './tadpole-metrics.ts';
import { defaultCardPageFile, publicTadpoleRoutes, tadpolePageRoutes, tadpoleRoutes } from './tadpole.routes.ts';
import { createTipsRepo } from './tips/tips.repo.ts';
import { createTipsService } from './tips/tips.service.ts';

export type TadpoleConfig = Pick<
  Config,
  | 'publicUrl'
  | 'stationName'
  | 'dataDir'
  | 'port'
  | 'secretsKey'
  | 'publicPurgeHours'
  | 'caseFileRetentionDays'
  | 'tadpoleWidenEveryS'
  | 'photoMaxBytes'
  | 'photoLinkTtlHours'
  | 'tipRatePer10Min'
  | 'smsGateway'
  | 'robotExtraOrigins'
>;

export interface TadpoleModuleDeps {
  database: Database;
  config: TadpoleConfig;
  log: Logger;
  registry: Registry;
  /** The clock of the widening and the purge (tests move it). */
  now?: () => Date;
  /** Options passed through to the delivery module (tests: local vendor receivers, the SMS sink file). */
  delivery?: Partial<
    Pick<DeliveryModuleDeps, 'smsSinkFile' | 'smsGateway' | 'vendorBases' | 'worker' | 'sendTimeoutMs'>
  >;
  /** The built public card page (default web/dist-card/index.html). */
  cardPageFile?: string;
}

/**
 * The tadpole (小蝌蚪) module, wired once: alerts and their CAP messages, photos and links, tips, reunion and
 * retraction, clocks and exports, the background jobs, and the delivery module (groups, channels, the queue).
 * `publicRoutes` go before the session check, `routes` behind it, `pageRoutes` outside /api/v1. Nothing runs in
 * the background until `jobs.start()` / `delivery.worker.start()`.
 */
export function createTadpoleModule(deps: TadpoleModuleDeps) {
  const { database, config } = deps;
  const log = deps.log.child({ module: 'tadpole' });
  const now = deps.now ?? (() => new Date());
  const secretKey = loadSecretKey({ secretsKey: config.secretsKey, dataDir: config.dataDir });
  // Links in messages must work from outside: PUBLIC_URL, else this server's own address (the demo on a LAN).
  const linkBase = config.publicUrl ?? `http://localhost:${config.port}`;
  const rejected = rejectedCounter(deps.registry);

  const delivery = createDeliveryModule({
    database,
    log,
    registry: deps.registry,
    secretKey,
    publicUrl: linkBase,
    stationName: config.stationName,
    links: {
      cardUrl: async (alertId) => publicCardUrl(secretKey, linkBase, alertId),
      photoUrl: (alertId) => photoUrlFor(database, alertId, linkBase, config.photoLinkTtlHours),
    },
    // The embedded default's SMS outbox sits with the rest of the data.
    smsSinkFile: path.join(config.dataDir, 'sms-outbox.jsonl'),
    ...(config.smsGateway ? { smsGateway: config.smsGateway } : {}),
    ...(config.robotExtraOrigins.length ? { vendorBases: vendorBasesWith(config.robotExtraOrigins) } : {}),
    ...deps.delivery,
  });
  const deliveries = delivery.deliveries;

  const alertsRepo = createAlertsRepo(database);
  const photosRepo = createPhotosRepo(database);
  const tipsRepo = createTipsRepo(database);
  const clocksRepo = createClocksRepo(database);
  const reunionRepo = createReunionRepo(database);
  const cap = createCapService({
    database,
    repo: createCapRepo(database),
    alerts: alertsRepo,
    deliveries,
    sender: `tadpole@${new URL(linkBase).hostname}`,
    senderName: config.stationName,
    cardUrl: (alertId) => publicCardUrl(secretKey, linkBase, alertId),
    now,
  });
  const alerts = createAlertsService({
    database,
    repo: alertsRepo,
    cap,
    deliveries,
    photos: photosRepo,
    secretKey,
    publicUrl: config.publicUrl,
    stationName: config.stationName,
    photoLinkTtlHours: config.photoLinkTtlHours,
    rejected,
    now,
  });
  const tips = createTipsService({
    repo: tipsRepo,
    alerts: alertsRepo,
    photos: photosRepo,
    query: direct(database),
    secretKey,
    perAddressPer10Min: config.tipRatePer10Min,
    photoMaxBytes: config.photoMaxBytes,
    rejected,
    now,
  });
  const clocks = createClocksService({ repo: clocksRepo, stationName: config.stationName, now });
  const reunion = createReunionService({
    database,
    repo: reunionRepo,
    alertsRepo,
    alerts,
    cap,
    photos: photosRepo,
    clocks: clocksRepo,
    publicPurgeHours: config.publicPurgeHours,
    caseFileRetentionDays: config.caseFileRetentionDays,
    now,
  });
  const exports = createTadpoleExport({ alerts, alertsRepo, cap, tips, clocks, deliveries });
  const jobs = createTadpoleJobs({
    database,
    repo: createJobsRepo(database),
    alertsRepo,
    alerts,
    cap,
    deliveries,
    clocks: clocksRepo,
    reunion: reunionRepo,
    photos: photosRepo,
    tips: tipsRepo,
    everyS: config.tadpoleWidenEveryS,
    now,
    log,
  });

  const routeDeps = {
    database,
    alerts,
    tips,
    reunion,
    cap,
    clocks,
    exports,
    photoMaxBytes: config.photoMaxBytes,
    rejected,
  };
  const routes = createRouter();
  routes.use(tadpoleRoutes(routeDeps));
  routes.use(delivery.routes);
  return {
    services: { alerts, tips, reunion, cap, clocks, exports, groups: delivery.groups, deliveries },
    jobs,
    delivery,
    /** The delivery worker (DELIVERY starts it from main.ts through this object). */
    worker: delivery.worker,
    secretKey,
    /** The background work of a running server: the delivery worker, then the widening/purge tick. */
    start(): void {
      delivery.worker.start();
      jobs.start();
    },
    async stop(): Promise<void> {
      await jobs.stop();
      await delivery.worker.stop();
    },
    publicRoutes: publicTadpoleRoutes(routeDeps),
    routes,
    pageRoutes: tadpolePageRoutes(routeDeps, deps.cardPageFile ?? defaultCardPageFile),
  };
}

export type TadpoleModule = ReturnType<typeof createTadpoleModule>;
