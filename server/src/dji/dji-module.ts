import type { Router, Request } from 'express';
import type { Logger } from 'pino';
import { Counter, type Registry } from 'prom-client';
import type { Database } from '@lookout/db';
import { createDynsecPilotIssuer } from '@lookout/drone-bridge';
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { createDjiRepo } from './dji.repo.ts';
import { djiMapRoutes, djiRoutes } from './dji.routes.ts';
import { createDjiService, workspaceIdFor, type DjiRejectReason, type DjiService } from './dji.service.ts';
import type { DjiSocket } from './dji.socket.ts';
import { pilotPageRoutes } from './pilot-page.ts';

export interface DjiModuleDeps {
  database: Database;
  config: Pick<Config, 'dji' | 'stationName' | 'sessionTtlHours' | 'publicUrl' | 'mqttUrl' | 'dynsecAdmin'>;
  brokerUrlFor: (hostname: string) => string;
  /** The broker must take a pilot's new or revoked credentials now (Mosquitto's files are rewritten). */
  credentialsChanged?: () => Promise<void>;
  registry: Registry;
  log: Logger;
  pilotPageFile: string;
}

export interface DjiModule {
  service: DjiService;
  /** Under /api/v1: what Lookout's Pilot 2 page calls. */
  routes: Router;
  /** At the root: the Pilot 2 page, and DJI's map-element paths. */
  pageRoutes: Router;
  mapRoutes: Router;
  /** The token check behind `allow(DJI_PILOT_TOKEN)`. */
  tokenUser(req: Request): ReturnType<DjiService['authenticate']>;
  /** The Pilot 2 socket, once the HTTP server has attached it: pilots' changes go out through it. */
  bindSocket(socket: DjiSocket): void;
  /** Closes the dynamic-security admin connection, when there is one. */
  close(): Promise<void>;
}

/**
 * With MQTT_DYNSEC_USER/PASSWORD, new pilot credentials are created in the dynamic-security plugin of the
 * Mosquitto at MQTT_URL before `/dji/connect` answers, so the pilot logs in at once; the bridges' dynamic-security
 * sync owns his topics from then on. A broker that does not take them makes the sign-in fail with 503.
 */
function dynsecIssuer(deps: DjiModuleDeps, log: Logger) {
  const { mqttUrl, dynsecAdmin } = deps.config;
  if (!dynsecAdmin || !mqttUrl) return undefined;
  const url = new URL(mqttUrl);
  url.username = '';
  url.password = '';
  const issuer = createDynsecPilotIssuer({
    database: deps.database,
    url: url.toString(),
    admin: dynsecAdmin,
    clientId: `lookout-server-dynsec-${randomUUID().slice(0, 8)}`,
    log,
  });
  return {
    async issue(pilot: { userId: string; username: string; password: string }) {
      try {
        await issuer.issue(pilot);
      } catch (err) {
        log.error({ err, username: pilot.username }, 'the broker did not take a pilot’s new credentials');
        throw new AppError('unavailable', 'The DJI broker did not take the new credentials; try again in a moment');
      }
    },
    close: () => issuer.close(),
  };
}

/** DJI Cloud API platform side for Pilot 2: the sign-in page, its connect call, map elements ↔ sightings. */
export function createDjiModule(deps: DjiModuleDeps): DjiModule {
  const rejectedCounter = new Counter({
    name: 'lookout_dji_rejected_total',
    help: 'DJI Pilot 2 requests refused, by reason',
    labelNames: ['reason'],
    registers: [deps.registry],
  });
  const rejected = (reason: DjiRejectReason) => rejectedCounter.inc({ reason });
  let socket: DjiSocket | undefined;
  const log = deps.log.child({ module: 'dji' });
  const dynsec = dynsecIssuer(deps, log);
  const service = createDjiService({
    repo: createDjiRepo(deps.database),
    license: deps.config.dji.license,
    brokerUrlFor: (hostname) => deps.config.dji.mqttUrl ?? deps.brokerUrlFor(hostname),
    workspaceId: workspaceIdFor(deps.config.stationName, deps.config.dji.workspaceId),
    stationName: deps.config.stationName,
    tokenTtlHours: deps.config.sessionTtlHours,
    push: (message) => socket?.push(message),
    revoked: (userId) => socket?.closeUser(userId),
    credentialsChanged: deps.credentialsChanged,
    credentialsIssued: dynsec?.issue,
    rejected,
  });
  if (!deps.config.dji.license)
    log.info('DJI_APP_ID / DJI_APP_KEY / DJI_LICENSE not set: the Pilot 2 page cannot verify a licence');
  return {
    service,
    routes: djiRoutes(service, { publicUrl: deps.config.publicUrl }),
    pageRoutes: pilotPageRoutes(deps.pilotPageFile),
    mapRoutes: djiMapRoutes(service, rejected),
    async tokenUser(req) {
      const header = req.headers['x-auth-token'];
      const user = await service.authenticate(typeof header === 'string' ? header : undefined);
      if (user) req.djiDroneId = user.droneId;
      return user;
    },
    bindSocket(s) {
      socket = s;
    },
    async close() {
      await dynsec?.close();
    },
  };
}
