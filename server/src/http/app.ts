import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { loadSecretKey, type Database } from '@lookout/db';
import { mavlinkSigningKeyBox } from '@lookout/drone-bridge';
import type { Config } from '../config.ts';
import { accessCounters } from '../audit/access-metrics.ts';
import { auditTrail } from '../audit/audit.middleware.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { auditRoutes } from '../audit/audit.routes.ts';
import { createAuditService } from '../audit/audit.service.ts';
import { createAuthRepo } from '../auth/auth.repo.ts';
import { createLoginLimitsRepo } from '../auth/login-limits.repo.ts';
import { sessionUserOf } from '../auth/auth.middleware.ts';
import { authRoutes } from '../auth/auth.routes.ts';
import { createAuthService, type AuthService } from '../auth/auth.service.ts';
import { createBoardRepo } from '../board/board.repo.ts';
import { createCoverageModule, type CoverageModule } from '../search-coverage/coverage-module.ts';
import { boardRoutes } from '../board/board.routes.ts';
import { createBoardService, type BoardService } from '../board/board.service.ts';
import { createDutyNotifyRepo } from '../board/duty-notify.repo.ts';
import { createDutyNotifier, withDutyDrain } from '../board/duty-notify.ts';
import { createReportsRepo } from '../reports/reports.repo.ts';
import { reportsRoutes } from '../reports/reports.routes.ts';
import { createReportsService } from '../reports/reports.service.ts';
import { createCaseModule, type CaseServices } from '../cases/case-module.ts';
import { createDronesRepo } from '../drones/drones.repo.ts';
import { createDjiModule, type DjiModule } from '../dji/dji-module.ts';
import { defaultPilotPageFile, PILOT_PAGE_PATH } from '../dji/pilot-page.ts';
import { exportsModule } from '../exports/exports.routes.ts';
import { replayModule } from '../replay/replay.routes.ts';
import { dronesRoutes } from '../drones/drones.routes.ts';
import { createDjiDevicesRepo } from '../dji-devices/dji-devices.repo.ts';
import { djiDevicesRoutes } from '../dji-devices/dji-devices.routes.ts';
import { createDronesService, type DronesService } from '../drones/drones.service.ts';
import { metricsHandler, type Metrics } from '../metrics/metrics.ts';
import { createSightingsRepo } from '../sightings/sightings.repo.ts';
import { sightingsRoutes } from '../sightings/sightings.routes.ts';
import { createSightingsService, type SightingsService } from '../sightings/sightings.service.ts';
import { BASEMAP_ROUTE, resolveBasemap } from '../system/basemap.ts';
import { resolveTerrain, resolveTerrainFolder } from '../system/terrain.ts';
import { createSystemRepo } from '../system/system.repo.ts';
import { basemapTileRoutes, configRoutes, healthRoutes } from '../system/system.routes.ts';
import { createBasemapTiles } from '../system/basemap-tiles.ts';
import { createMbtilesShelf } from '../system/mbtiles.ts';
import { createSystemService, type Health } from '../system/system.service.ts';
import { createPasswordGate } from '../users/passwords.ts';
import { createPlacesRepo } from '../places/places.repo.ts';
import { PLACES_IMPORT_LIMIT, PLACES_IMPORT_PATH, placesRoutes } from '../places/places.routes.ts';
import { createPlacesService, type PlacesService } from '../places/places.service.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { GROUPS_IMPORT_PATH } from '../tadpole/groups/groups.routes.ts';
import { createTadpoleModule, type TadpoleModule, type TadpoleModuleDeps } from '../tadpole/tadpole-module.ts';
import { usersRoutes } from '../users/users.routes.ts';
import { createVideoModule, type VideoModule } from '../video/video-module.ts';
import { createDjiLiveModule, type DjiLiveModule } from '../dji-live/dji-live-module.ts';
import type { DjiBrokerLogin } from '../dji-live/dji-services-client.ts';
import { createUsersService, type UsersService } from '../users/users.service.ts';
import { CALLER_PAGE_PATH } from '../location-links/location-links.service.ts';
import { defaultCallerPageFile } from '../location-links/caller-page.ts';
import { TEAM_PAGE_PATH } from '../team-links/team-links.service.ts';
import { defaultTeamPageFile } from '../team-links/team-page.ts';
import { PUBLIC_CARD_PATH } from '../tadpole/alerts/public-token.ts';
import { PHOTO_LINK_PATH } from '../tadpole/photos/photo-links.ts';
import { acceptedPhotoTypes } from '../tadpole/photos/photo-image.ts';
import { defaultCardPageFile } from '../tadpole/tadpole.routes.ts';
import { videoHookFormRoutes } from '../video/external/media-hooks.routes.ts';
import { errorBoundary, notFound } from './errors.ts';
import { logSafeRequest } from './log-safe-request.ts';
import { basemapChoices, choiceTileUrls } from '../system/basemap-choices.ts';
import { elapsedMs, requestLogLevel, requestStart } from './request-log.ts';
import { rejectedRequests } from './guard-metrics.ts';
import { jsonBody, nulFreeUrl } from './json-limits.ts';
import { sameOriginWrites, type RawBodyRoute } from './same-origin.ts';
import { securityHeaders } from './security-headers.ts';
import { requestId } from './request-id.ts';
import { ADMIN, ALL, allow, rolesOrToken } from './access.ts';
import { raw } from './contract.ts';
import { configureAccess } from './access-check.ts';
import { assertEveryRouteDeclared } from './route-walker.ts';
import { openApiRoutes } from './openapi.routes.ts';
import { createRouter } from './router.ts';
import { staticWeb } from './static-web.ts';

export const API_PREFIX = '/api/v1';
export const JSON_LIMIT = '64kb';
/** The routes that take a photo as the raw body, and only the image types the photo code accepts. */
export const RAW_BODY_ROUTES: readonly RawBodyRoute[] = [
  { method: 'POST', path: `${API_PREFIX}/tadpole/alerts/:id/photos`, types: acceptedPhotoTypes },
  { method: 'PUT', path: `${API_PREFIX}/public/alerts/:token/tips/:tipId/photo`, types: acceptedPhotoTypes },
  { method: 'PUT', path: `${API_PREFIX}/sightings/:id/photo`, types: acceptedPhotoTypes },
  { method: 'POST', path: `${API_PREFIX}/drones/:id/video/snapshot`, types: acceptedPhotoTypes },
  { method: 'PUT', path: `${API_PREFIX}/cases/:id/messages/:messageId/photo`, types: acceptedPhotoTypes },
  { method: 'POST', path: `${API_PREFIX}${GROUPS_IMPORT_PATH}`, types: ['text/csv'] },
  // A station's media server (nginx-rtmp) posts its callbacks as forms.
  ...videoHookFormRoutes(API_PREFIX),
];
export const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface AppDeps {
  database: Database;
  config: Pick<
    Config,
    | 'sessionTtlHours'
    | 'staleAfterS'
    | 'mapCenter'
    | 'mapZoom'
    | 'basemapUrl'
    | 'basemapAttribution'
    | 'basemapDatum'
    | 'extraBasemaps'
    | 'tiandituKey'
    | 'terrain'
    | 'dataDir'
    | 'metricsToken'
    | 'tls'
    | 'locationLinkTtlHours'
    | 'publicUrl'
    | 'amlServiceToken'
    | 'stationName'
    | 'port'
    | 'secretsKey'
    | 'publicPurgeHours'
    | 'caseFileRetentionDays'
    | 'tadpoleWidenEveryS'
    | 'photoMaxBytes'
    | 'photoLinkTtlHours'
    | 'tipRatePer10Min'
    | 'trustProxy'
    | 'smsGateway'
    | 'robotExtraOrigins'
    | 'loginLimits'
    | 'liveSessionRecheckMs'
    | 'escalationEveryS'
    | 'dutyGroupId'
    | 'coverageWalkWidthM'
    | 'dji'
    | 'mqttUrl'
    | 'dynsecAdmin'
    | 'video'
  >;
  log: Logger;
  registry: Registry;
  metrics: Metrics;
  mqttStatus: () => Health;
  /** The broker URL handed to a newly registered drone, given the host name the admin used. */
  brokerUrlFor: (hostname: string) => string;
  /**
   * The broker DJI devices use (MQTT 5: `npm start` runs the machine's Mosquitto for them) and how to make it
   * take a pilot's new or revoked credentials now; absent → the drones' broker, which reads them itself.
   */
  djiBroker?: { urlFor: (hostname: string) => string; credentialsChanged: () => Promise<void> };
  /** The broker DJI gateways use, with a login allowed their `services` topics (live video requests). */
  djiServices?: DjiBrokerLogin;
  /** The built web app; null to serve none (tests). */
  webDist?: string | null;
  /** The built DJI Pilot 2 sign-in page (tests). */
  pilotPageFile?: string;
  /** The built caller page, and the caller-page rate limits (tests). */
  callerPageFile?: string;
  locateLimits?: { perLink: number; perIp: number };
  /** The built outside team page, and its rate limits (tests). */
  teamPageFile?: string;
  teamLinkLimits?: { perLink: number; perIp: number };
  /** The tadpole clock and delivery options (tests). */
  tadpole?: Pick<TadpoleModuleDeps, 'now' | 'delivery' | 'cardPageFile'>;
  /** Check every JSON answer against its route's contract (tests; it costs a parse per answer). */
  checkResponses?: boolean;
}

export interface AppServices {
  auth: AuthService;
  users: UsersService;
  drones: DronesService;
  sightings: SightingsService;
  /** Cases, caller locations, matching, dispatch. */
  caseServices: CaseServices;
  /** Tadpole alerts, delivery, and their background jobs (started by main). */
  tadpole: TadpoleModule;
  /** The commander board and the escalation pass (ticked by the server). */
  board: BoardService;
  /** DJI Pilot 2: sign-in page, connect, map elements (its socket is attached by the HTTP server). */
  dji: DjiModule;
  /** The gazetteer: place import and search. */
  places: PlacesService;
  /** Live video: stream keys, play URLs, the embedded media server (started by the HTTP server). */
  video: VideoModule;
  /** DJI gateways' live push (`live_start_push` …) over their broker. */
  djiLive: DjiLiveModule;
  /** Camera coverage: its routes' service and the worker that follows new fixes (started by main). */
  coverage: CoverageModule;
}

export function createApp(deps: AppDeps): { app: Express; services: AppServices } {
  const { database, config, log } = deps;
  const usersRepo = createUsersRepo(database);
  const auditRepo = createAuditRepo(database);
  const access = accessCounters(deps.registry);
  const limits = config.loginLimits;
  const auth = createAuthService({
    authRepo: createAuthRepo(database),
    usersRepo,
    limits: createLoginLimitsRepo(database, limits),
    passwords: createPasswordGate({
      ...(limits.hashConcurrency ? { concurrency: limits.hashConcurrency } : {}),
      maxWaiting: limits.hashMaxWaiting,
    }),
    audit: auditRepo,
    sessionTtlHours: config.sessionTtlHours,
    loginPolicy: limits,
    counters: access,
    sessionRecheckMs: config.liveSessionRecheckMs,
  });
  const dji = createDjiModule({
    database,
    config,
    brokerUrlFor: deps.djiBroker?.urlFor ?? deps.brokerUrlFor,
    credentialsChanged: deps.djiBroker?.credentialsChanged,
    registry: deps.registry,
    log,
    pilotPageFile: deps.pilotPageFile ?? defaultPilotPageFile,
  });
  const users = createUsersService(usersRepo, auth, {
    // A disabled pilot's DJI broker credentials and tokens end with his sessions.
    onDisabled: async (userId) => {
      await dji.service.revokeUser(userId);
    },
  });
  const drones = createDronesService({
    repo: createDronesRepo(database),
    staleAfterS: config.staleAfterS,
    brokerUrlFor: deps.brokerUrlFor,
    signingKeyBox: mavlinkSigningKeyBox(loadSecretKey({ secretsKey: config.secretsKey, dataDir: config.dataDir })),
  });
  const sightings = createSightingsService(createSightingsRepo(database));
  const video = createVideoModule({ database, config, log, registry: deps.registry });
  const djiLive = createDjiLiveModule({
    database,
    broker: deps.djiServices,
    pushUrlFor: (droneId, host) => Promise.resolve(video.service.pushUrlFor(droneId, host, 'dji-live')),
    registry: deps.registry,
    log,
  });
  const places = createPlacesService({ repo: createPlacesRepo(database), log: log.child({ module: 'places' }) });
  const basemapDir = path.join(config.dataDir, 'basemap');
  const mbtiles = createMbtilesShelf();
  const system = createSystemService({
    repo: createSystemRepo(database),
    mqttStatus: deps.mqttStatus,
    basemap: () =>
      resolveBasemap({
        basemapUrl: config.basemapUrl,
        attribution: config.basemapAttribution,
        basemapDir,
        apiPrefix: API_PREFIX,
        mbtiles,
      }),
    basemapDatum: config.basemapDatum,
    extraBasemaps: config.extraBasemaps,
    tiandituKey: config.tiandituKey,
    terrain: () => resolveTerrain({ terrain: config.terrain, basemapDir, apiPrefix: API_PREFIX }),
    mapCenter: config.mapCenter,
    mapZoom: config.mapZoom,
    staleAfterS: config.staleAfterS,
  });

  const tadpole = createTadpoleModule({ database, config, log, registry: deps.registry, ...deps.tadpole });
  const caseModule = createCaseModule({
    database,
    config,
    log,
    registry: deps.registry,
    sms: tadpole.delivery.sending.adapters.sms,
    ...(deps.callerPageFile ? { callerPageFile: deps.callerPageFile } : {}),
    ...(deps.locateLimits ? { locateLimits: deps.locateLimits } : {}),
    ...(deps.teamPageFile ? { teamPageFile: deps.teamPageFile } : {}),
    ...(deps.teamLinkLimits ? { teamLinkLimits: deps.teamLinkLimits } : {}),
  });
  const coverage = createCoverageModule({
    database,
    readable: caseModule.services.cases.readable,
    walkWidthM: config.coverageWalkWidthM,
    terrain: () => resolveTerrainFolder({ terrain: config.terrain, basemapDir }),
    log,
  });
  const boardLog = log.child({ module: 'board' });
  const duty = config.dutyGroupId
    ? createDutyNotifier({
        repo: createDutyNotifyRepo(database),
        groupId: config.dutyGroupId,
        ...tadpole.delivery.sending,
        log: boardLog.child({ dutyGroupId: config.dutyGroupId }),
      })
    : null;
  if (duty) boardLog.info({ dutyGroupId: config.dutyGroupId }, 'clock breaches are sent to the duty group');
  else boardLog.info('DUTY_GROUP_ID is not set: a clock breach is only recorded as an event, no duty group is told');
  const boardService = createBoardService({
    repo: createBoardRepo(database),
    log: boardLog,
    ...(duty ? { notify: duty.notify } : {}),
  });
  const board = duty ? withDutyDrain(boardService, duty, boardLog) : boardService;

  const app = express();
  app.disable('x-powered-by');
  // Paths match exactly as declared: another spelling reaches no route, so never another route's access rule.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  configureAccess(app, {
    sessionUser: sessionUserOf(auth),
    djiTokenUser: dji.tokenUser,
    denied: access.denied,
    checkResponses: deps.checkResponses === true,
  });
  app.set('trust proxy', config.trustProxy);
  app.use(requestStart);
  app.use(
    pinoHttp({
      logger: log.child({ module: 'http' }),
      genReqId: requestId,
      serializers: { req: logSafeRequest },
      customLogLevel: (_req, res, err) => requestLogLevel(res.statusCode, elapsedMs(res), err),
    }),
  );
  app.use(
    securityHeaders({
      tileUrls: [
        ...(config.basemapUrl ? [config.basemapUrl] : []),
        ...choiceTileUrls(
          basemapChoices({
            main: { kind: 'fallback' },
            mainDatum: 'wgs84',
            extra: config.extraBasemaps,
            tiandituKey: config.tiandituKey,
          }),
        ),
      ],
      videoPlayUrl: config.video.media === 'nginx-rtmp' ? config.video.playUrl : undefined,
      tls: Boolean(config.tls),
      inlinePages: [
        { prefix: CALLER_PAGE_PATH, file: deps.callerPageFile ?? defaultCallerPageFile },
        { prefix: TEAM_PAGE_PATH, file: deps.teamPageFile ?? defaultTeamPageFile },
        { prefix: PUBLIC_CARD_PATH, file: deps.tadpole?.cardPageFile ?? defaultCardPageFile },
        { prefix: PILOT_PAGE_PATH, file: deps.pilotPageFile ?? defaultPilotPageFile },
      ],
      embeddable: [PHOTO_LINK_PATH],
    }),
  );
  app.use((req, res, next) => {
    const end = deps.metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = req.route ? `${req.baseUrl}${String((req.route as { path: unknown }).path)}` : 'unmatched';
      end({ route });
      deps.metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  });
  const rejected = rejectedRequests(deps.registry);
  app.use(sameOriginWrites({ publicUrl: config.publicUrl, rawBodyRoutes: RAW_BODY_ROUTES, rejected }));
  app.use(nulFreeUrl(rejected));
  // An officer's phone resends up to 500 queued positions at once.
  app.use(`${API_PREFIX}/me/positions`, jsonBody({ limit: '256kb', rejected }));
  app.use(`${API_PREFIX}${PLACES_IMPORT_PATH}`, jsonBody({ limit: PLACES_IMPORT_LIMIT, rejected }));
  app.use(jsonBody({ limit: JSON_LIMIT, rejected }));
  app.use(auditTrail(auditRepo, log.child({ module: 'audit' }), access.auditFailures));

  const metrics = allow(rolesOrToken(ADMIN, 'METRICS_TOKEN', config.metricsToken), {
    summary: 'Prometheus metrics',
    response: raw('text/plain', 'The Prometheus text format'),
  });
  app.get('/metrics', metrics, metricsHandler(deps.registry));

  // Each route checks its own access (`allow(…)` first in its handlers); unknown paths get 404.
  const api = createRouter();
  api.use(healthRoutes(system));
  api.use(openApiRoutes());
  api.use(authRoutes(auth, { secureCookie: Boolean(config.tls) }));
  api.use(caseModule.publicRoutes);
  api.use(tadpole.publicRoutes);
  api.use(configRoutes(system));
  api.use(dronesRoutes(drones));
  api.use(djiDevicesRoutes(createDjiDevicesRepo(database)));
  api.use(sightingsRoutes(sightings));
  api.use(caseModule.routes);
  api.use(exportsModule({ database, cases: caseModule.services.cases, audit: auditRepo }));
  api.use(replayModule({ database, audit: auditRepo }));
  api.use(coverage.routes);
  api.use(tadpole.routes);
  api.use(boardRoutes(board));
  api.use(reportsRoutes(createReportsService({ repo: createReportsRepo(database), homeStation: config.stationName })));
  api.use(placesRoutes(places));
  api.use(usersRoutes(users, auth));
  api.use(auditRoutes(createAuditService(auditRepo)));
  api.use(dji.routes);
  api.use(video.routes);
  api.use(video.hookRoutes);
  api.use(djiLive.routes);
  api.use(basemapTileRoutes(createBasemapTiles({ basemapDir, shelf: mbtiles })));
  const tiles = allow(ALL, {
    summary: 'The local basemap files (PMTiles, fonts, sprites)',
    note: 'static tiles',
    response: raw('*/*', 'A basemap file'),
  });
  api.use(BASEMAP_ROUTE, tiles, express.static(basemapDir, { index: false, dotfiles: 'deny' }));
  api.use(notFound);
  app.use(API_PREFIX, api);

  const webDist = deps.webDist === undefined ? defaultWebDist : deps.webDist;
  app.use(caseModule.pageRoutes);
  app.use(tadpole.pageRoutes);
  app.use(dji.pageRoutes);
  app.use(dji.mapRoutes);
  app.use(video.pageRoutes);
  if (webDist) app.use(staticWeb(webDist));
  app.use(notFound);
  app.use(errorBoundary(log));
  assertEveryRouteDeclared(app);
  return {
    app,
    services: {
      auth,
      users,
      drones,
      sightings,
      caseServices: caseModule.services,
      tadpole,
      board,
      dji,
      places,
      video,
      djiLive,
      coverage,
    },
  };
}
