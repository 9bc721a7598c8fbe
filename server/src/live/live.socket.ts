import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AuthService } from '../auth/auth.service.ts';
import { sessionToken } from '../auth/auth.middleware.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { LiveConnection, type Backpressure } from './live.connection.ts';
import type { LiveHub } from './live.hub.ts';
import type { LiveService } from './live.service.ts';
import { CLOSE_ROLE_CHANGED, CLOSE_SESSION_ENDED } from '@lookout/contracts';

export const LIVE_PATH = '/api/v1/live';
/** Close codes the client acts on: sign in again, or resume under the new role. */

export interface LiveSocketOptions {
  server: Server;
  auth: AuthService;
  hub: LiveHub;
  service: LiveService;
  log: Logger;
  metrics: Metrics;
  /** The shortest gap between two sends of positions to the browsers (default 50 ms). */
  flushMs?: number;
  pingMs?: number;
  backpressure?: Backpressure;
  /** Upgrade paths another handler on this server answers (DJI Pilot 2's socket): left alone here. */
  otherPaths?: readonly string[];
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** A browser page may only open the socket from our own origin (cookies would otherwise ride along). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** The live WebSocket on the HTTP(S) server: session checked at upgrade, one flush timer for all sockets. */
export function attachLiveSocket(options: LiveSocketOptions): { close(): Promise<void> } {
  const { log, metrics } = options;
  const backpressure = options.backpressure ?? { softBytes: 256 * 1024, hardBytes: 8 * 1024 * 1024 };
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  const connections = new Set<LiveConnection>();
  const alive = new WeakSet<WebSocket>();
  /** The session each socket was opened with, re-checked so a revoked session or a new role ends it. */
  const sessions = new Map<LiveConnection, { token: string; userId: string; roles: string }>();

  const recheck = async (conn: LiveConnection) => {
    const s = sessions.get(conn);
    if (!s || conn.ws.readyState !== conn.ws.OPEN) return;
    const user = await options.auth.authenticate(s.token);
    if (!user) conn.ws.close(CLOSE_SESSION_ENDED, 'session ended');
    else if (user.roles.join() !== s.roles) conn.ws.close(CLOSE_ROLE_CHANGED, 'roles changed; resume');
  };
  const recheckAll = (filter: (s: { userId: string }) => boolean) => {
    for (const [conn, s] of sessions) {
      if (!filter(s)) continue;
      recheck(conn).catch((err: unknown) => log.warn({ err }, 'live session re-check failed'));
    }
  };
  const offSessionEvents = options.auth.events.on((userId) => recheckAll((s) => s.userId === userId));
  const recheckTimer = setInterval(() => recheckAll(() => true), options.auth.sessionRecheckMs);

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== LIVE_PATH) {
      if (path && options.otherPaths?.includes(path)) return;
      reject(socket, 404, 'Not Found');
      return;
    }
    if (!sameOrigin(req)) {
      reject(socket, 403, 'Forbidden');
      return;
    }
    const token = sessionToken(req);
    options.auth.authenticate(token).then(
      (user) => {
        if (!user) {
          reject(socket, 401, 'Unauthorized');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          const connLog = log.child({ user: user.username });
          const conn = new LiveConnection(
            ws,
            options.service,
            connLog,
            backpressure,
            {
              sent: (type) => metrics.liveMessages.inc({ type }),
              coalesced: (n) => metrics.livePositionsCoalesced.inc(n),
            },
            { roles: user.roles, userId: user.id },
          );
          connections.add(conn);
          sessions.set(conn, { token: token!, userId: user.id, roles: user.roles.join() });
          alive.add(ws);
          metrics.liveClients.set(connections.size);
          ws.on('pong', () => alive.add(ws));
          ws.on('error', (err) => connLog.debug({ err }, 'live socket error'));
          ws.on('close', () => {
            connections.delete(conn);
            sessions.delete(conn);
            metrics.liveClients.set(connections.size);
          });
        });
      },
      (err: unknown) => {
        log.error({ err }, 'live upgrade: session check failed');
        reject(socket, 500, 'Internal Server Error');
      },
    );
  };
  options.server.on('upgrade', onUpgrade);

  // Positions go out as soon as the hub delivers them, at most once per `flushMs` per server; the slow sweep sends
  // what backpressure held back and what arrived while a flush was pending.
  const flushGapMs = options.flushMs ?? 50;
  let lastFlush = 0;
  let pendingFlush: ReturnType<typeof setTimeout> | undefined;
  const flushAll = () => {
    pendingFlush = undefined;
    lastFlush = Date.now();
    for (const c of connections) c.flush();
  };
  const scheduleFlush = () => {
    if (pendingFlush) return;
    pendingFlush = setTimeout(flushAll, Math.max(0, lastFlush + flushGapMs - Date.now()));
  };
  const unsubscribe = options.hub.subscribe(
    (batch) => {
      for (const c of connections) c.accept(batch);
      if (batch.positions.length || batch.unitPositions?.length) scheduleFlush();
    },
    () => connections.size > 0,
  );
  const flushTimer = setInterval(scheduleFlush, 250);
  const pingTimer = setInterval(() => {
    for (const c of connections) {
      // A socket that did not answer the last protocol ping is gone (phone lost its network).
      if (!alive.has(c.ws)) {
        c.ws.terminate();
        continue;
      }
      alive.delete(c.ws);
      c.ws.ping();
      c.ping();
    }
  }, options.pingMs ?? 20_000);

  return {
    async close() {
      options.server.off('upgrade', onUpgrade);
      unsubscribe();
      offSessionEvents();
      clearInterval(recheckTimer);
      clearInterval(flushTimer);
      clearTimeout(pendingFlush);
      clearInterval(pingTimer);
      for (const c of connections) c.ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
