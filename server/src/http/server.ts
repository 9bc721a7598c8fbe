import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps, type AppServices } from './app.ts';
import { createLiveRepo } from '../live/live.repo.ts';
import { LiveHub } from '../live/live.hub.ts';
import { createLiveService } from '../live/live.service.ts';
import { attachLiveSocket } from '../live/live.socket.ts';
import { attachDjiSocket } from '../dji/dji.socket.ts';
import { DJI_WS_PATH } from '../dji/dji.service.ts';
import { startSightingMatcher } from '../matching/sighting-matcher.ts';
import { startEscalationTicker } from '../board/board.service.ts';

export interface HttpServerOptions extends AppDeps {
  port: number;
  host?: string;
  /** PEM file paths; HTTPS when given. */
  tls?: { cert: string; key: string } | undefined;
  liveFlushMs?: number;
  /** How often matching sweeps for sightings and caller locations nobody matched yet (default 15 s). */
  matchSweepMs?: number;
}

export interface RunningHttpServer {
  /** The web URL, e.g. http://localhost:8080 */
  url: string;
  port: number;
  services: AppServices;
  hub: LiveHub;
  close(): Promise<void>;
}

/** The API, the web app and the live socket on one HTTP(S) server. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { app, services } = createApp(options);
  const server = options.tls
    ? https.createServer({ cert: readFileSync(options.tls.cert), key: readFileSync(options.tls.key) }, app)
    : http.createServer(app);
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  // An idle connection outlives its clients' own keep-alive (fetch: 4 s, proxies: up to 60 s), so a client never
  // sends a request on a socket the server is closing at that moment (ECONNRESET on a loaded machine).
  server.keepAliveTimeout = 65_000;

  const hub = new LiveHub({
    repo: createLiveRepo(options.database),
    database: options.database,
    log: options.log.child({ module: 'live' }),
  });
  await hub.start();
  const matcher = await startSightingMatcher({
    database: options.database,
    hub,
    matching: services.caseServices.matching,
    log: options.log.child({ module: 'matching' }),
    ...(options.matchSweepMs ? { sweepMs: options.matchSweepMs } : {}),
  });
  const live = attachLiveSocket({
    server,
    auth: services.auth,
    hub,
    service: createLiveService({
      repo: createLiveRepo(options.database),
      hub,
      drones: services.drones,
      sightings: services.sightings,
    }),
    log: options.log.child({ module: 'live' }),
    metrics: options.metrics,
    ...(options.liveFlushMs ? { flushMs: options.liveFlushMs } : {}),
    otherPaths: [DJI_WS_PATH],
  });
  const djiSocket = attachDjiSocket({
    server,
    service: services.dji.service,
    hub,
    log: options.log.child({ module: 'dji' }),
  });
  services.dji.bindSocket(djiSocket);
  await services.video.start();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: unknown) => {
    await live.close();
    await djiSocket.close();
    await services.video.stop();
    await matcher.stop();
    await hub.stop();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  const purge = setInterval(() => {
    services.auth.purgeExpired().catch((err: unknown) => options.log.warn({ err }, 'session purge failed'));
  }, 3_600_000);
  purge.unref();
  const { escalationEveryS } = options.config;
  const escalation =
    escalationEveryS > 0 ? startEscalationTicker(services.board, escalationEveryS * 1000, options.log) : null;

  return {
    url: `${options.tls ? 'https' : 'http'}://localhost:${port}`,
    port,
    services,
    hub,
    async close() {
      clearInterval(purge);
      await escalation?.stop();
      await live.close();
      await djiSocket.close();
      await services.dji.close();
      await services.video.stop();
      await services.djiLive.stop();
      await matcher.stop();
      await hub.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
    },
  };
}
