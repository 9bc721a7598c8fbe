import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DjiWsMessage } from '@lookout/contracts';
import type { LiveHub } from '../live/live.hub.ts';
import { DJI_WS_PATH, type DjiService } from './dji.service.ts';

/** Close code when the pilot's DJI access ends (disabled, token revoked): Pilot 2 must sign in again. */
export const CLOSE_DJI_REVOKED = 4001;

export interface DjiSocketOptions {
  server: Server;
  service: Pick<DjiService, 'authenticate' | 'groupIds'>;
  hub: LiveHub;
  log: Logger;
  /** Lookout-side changes are told as one `map_group_refresh` per this many ms at most. */
  refreshMs?: number;
  pingMs?: number;
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** DJI's ws component appends `?x-auth-token=<token>` to the host it was given; a header works too. */
export function tokenOfUpgrade(req: IncomingMessage): string | undefined {
  const header = req.headers['x-auth-token'];
  if (typeof header === 'string' && header) return header;
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  for (const [k, v] of query) if (k.toLowerCase() === 'x-auth-token' && v) return v;
  return undefined;
}

/**
 * The WebSocket DJI Pilot 2's `ws` component opens: map-element pushes as DJI documents them
 * (`map_element_create|update|delete` when a pilot changes an element, `map_group_refresh` when Lookout's
 * sightings, targets or search sectors change, after which Pilot 2 fetches the element groups again).
 */
export function attachDjiSocket(options: DjiSocketOptions) {
  const { log } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });
  const sockets = new Map<WebSocket, { userId: string }>();
  const alive = new WeakSet<WebSocket>();

  const send = (message: DjiWsMessage) => {
    const text = JSON.stringify(message);
    for (const ws of sockets.keys()) if (ws.readyState === ws.OPEN) ws.send(text);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if ((req.url ?? '').split('?')[0] !== DJI_WS_PATH) return;
    options.service.authenticate(tokenOfUpgrade(req)).then(
      (user) => {
        if (!user) {
          reject(socket, 401, 'Unauthorized');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          sockets.set(ws, { userId: user.id });
          alive.add(ws);
          log.info({ user: user.username, sockets: sockets.size }, 'DJI Pilot 2 socket open');
          ws.on('pong', () => alive.add(ws));
          ws.on('message', () => alive.add(ws)); // Pilot 2 sends nothing Lookout acts on: a sign of life only.
          ws.on('error', (err) => log.debug({ err }, 'DJI socket error'));
          ws.on('close', () => sockets.delete(ws));
        });
      },
      (err: unknown) => {
        log.error({ err }, 'DJI socket upgrade: token check failed');
        reject(socket, 500, 'Internal Server Error');
      },
    );
  };
  options.server.on('upgrade', onUpgrade);

  // Lookout's own sightings, caller locations and targets changed: ask every Pilot 2 to fetch the groups again.
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const refresh = (ids: string[]) => {
    for (const id of ids) pending.add(id);
    timer ??= setTimeout(() => {
      timer = undefined;
      const list = [...pending];
      pending.clear();
      send({ biz_code: 'map_group_refresh', version: '1.0', timestamp: Date.now(), data: { ids: list } });
    }, options.refreshMs ?? 500);
  };
  const { groupIds } = options.service;
  const unsubscribe = options.hub.subscribe(
    (batch) => {
      const ids: string[] = [];
      if (batch.events.length) ids.push(groupIds.sightings);
      if (batch.caseItems?.length) ids.push(groupIds.targets, groupIds.sectors);
      if (ids.length) refresh(ids);
    },
    () => sockets.size > 0,
  );
  const pingTimer = setInterval(() => {
    for (const ws of sockets.keys()) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, options.pingMs ?? 20_000);

  return {
    /** Send a pilot's element change to every connected Pilot 2. */
    push: send,
    /** Close the sockets of a user whose DJI access ended. */
    closeUser(userId: string): void {
      for (const [ws, s] of sockets) if (s.userId === userId) ws.close(CLOSE_DJI_REVOKED, 'DJI access revoked');
    },
    get size() {
      return sockets.size;
    },
    async close() {
      options.server.off('upgrade', onUpgrade);
      unsubscribe();
      clearInterval(pingTimer);
      if (timer) clearTimeout(timer);
      for (const ws of sockets.keys()) ws.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

export type DjiSocket = ReturnType<typeof attachDjiSocket>;
