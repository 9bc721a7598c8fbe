import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Router } from 'express';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Database } from '@lookout/db';
import { createDjiLiveRepo } from './dji-live.repo.ts';
import { djiLiveRoutes } from './dji-live.routes.ts';
import { createDjiLiveService, type DjiLiveService } from './dji-live.service.ts';
import {
  createDjiServicesClient,
  DjiServicesError,
  type DjiBrokerLogin,
  type DjiServicesClient,
} from './dji-services-client.ts';

export interface DjiLiveModuleDeps {
  database: Database;
  /**
   * The broker DJI gateways use, with the bridge's login (allowed `thing/product/+/services` and
   * `thing/product/+/services_reply` there):
   * - `npm start` with the machine's Mosquitto for DJI: `{url: djiBroker.url, ...djiBroker.bridgeUser, protocolVersion: 5}`;
   * - `npm start` without it (DJI devices on the embedded aedes): `{url: broker.url, ...broker.bridgeUser, protocolVersion: 4}`;
   * - a station's Mosquitto (MQTT_URL): `{url: MQTT_URL, ...config.mqttBridgeUser, protocolVersion: 5}`.
   */
  broker: DjiBrokerLogin | undefined;
  /** The RTMP URL a drone pushes to (the video module's, with its publish secret), for the host the caller used. */
  pushUrlFor(droneId: string, requestHost: string): Promise<string>;
  registry: Registry;
  log: Logger;
  /** How long a gateway has to answer (default 10 s). */
  replyTimeoutMs?: number;
}

/** A server without a DJI broker (the bridge runs elsewhere and MQTT_URL is not set): every request says so. */
const noDjiBroker: DjiServicesClient = {
  call: () =>
    Promise.reject(
      new DjiServicesError(
        'not_connected',
        'This server has no DJI broker to reach gateways (set MQTT_URL or run the bridge here)',
      ),
    ),
  ready: () => false,
  close: () => Promise.resolve(),
};

export interface DjiLiveModule {
  /** Under /api/v1: `/drones/:id/video/dji/{start,stop,quality,lens}`. */
  routes: Router;
  service: DjiLiveService;
  /** Disconnects from the DJI broker; pending requests fail. */
  stop(): Promise<void>;
}

/**
 * Live video from DJI aircraft through DJI Cloud API's `live_*` services. Made once per server process (one MQTT
 * client); mount `routes` under `/api/v1` and call `stop()` on shutdown.
 */
export function createDjiLiveModule(deps: DjiLiveModuleDeps): DjiLiveModule {
  const log = deps.log.child({ module: 'dji-live' });
  const failures =
    (deps.registry.getSingleMetric('lookout_dji_live_failures_total') as Counter<'method' | 'reason'> | undefined) ??
    new Counter({
      name: 'lookout_dji_live_failures_total',
      help: 'DJI live-video requests that did not do what was asked, by method and reason',
      labelNames: ['method', 'reason'],
      registers: [deps.registry],
    });
  const failed = (method: string, reason: string) => failures.inc({ method, reason });
  const services = deps.broker
    ? createDjiServicesClient({
        broker: deps.broker,
        clientId: `lookout-server-dji-live-${hostname()}-${randomUUID().slice(0, 8)}`,
        timeoutMs: deps.replyTimeoutMs ?? 10_000,
        log,
      })
    : noDjiBroker;
  const service = createDjiLiveService({
    repo: createDjiLiveRepo(deps.database),
    services,
    pushUrlFor: deps.pushUrlFor,
    failed,
  });
  return {
    routes: djiLiveRoutes(service, failed),
    service,
    stop: () => services.close(),
  };
}
