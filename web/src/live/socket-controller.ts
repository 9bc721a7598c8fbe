import ReconnectingWebSocket from 'partysocket/ws';
import { api, ApiError, notifyUnauthorized } from '../api.ts';
import { closeAction, SESSION_USER_EVENT } from './close-codes.ts';
import { parseServerMessage } from './live-message.ts';
import { SILENT_AFTER_MS } from './connection.ts';
import { publishLive } from './live-bus.ts';
import type { LiveStore } from './store.ts';
import { TelemetryBuffer } from './telemetry-buffer.ts';

/**
 * Live positions reach the map as soon as they arrive after a quiet spell, then at most this often: every telemetry
 * message pushed into the map would keep a software-rendered map from ever going idle (and a phone from drawing
 * anything else).
 */
export const FLUSH_GAP_MS = 250;

/**
 * Owns the live socket: sends `resume` with the last seen seq on every (re)connect, buffers positions and
 * merges them per drone, and writes into the store a few times per second. Sightings (events) are applied at
 * once — they are rare and must never wait or be dropped.
 */
export class SocketController {
  #ws: ReconnectingWebSocket | null = null;
  #buffer = new TelemetryBuffer();
  #timers: ReturnType<typeof setInterval>[] = [];
  #refetchingDrones = false;

  constructor(private readonly store: LiveStore) {}

  start(): void {
    if (this.#ws) return;
    const url = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`;
    const ws = new ReconnectingWebSocket(url, [], {
      minReconnectionDelay: 500 + Math.random() * 1000, // jitter so a station's clients do not return in step
      maxReconnectionDelay: 10_000,
      reconnectionDelayGrowFactor: 1.6,
      connectionTimeout: 8000,
      maxEnqueuedMessages: 0,
    });
    ws.addEventListener('open', () => {
      this.store.setConn('open');
      ws.send(JSON.stringify({ type: 'resume', after: this.store.lastSeq }));
    });
    ws.addEventListener('close', (e: { code?: number }) => {
      this.store.setConn('closed');
      switch (closeAction(e.code)) {
        case 'signed-out':
          // 4001: the session was revoked or expired, or the user disabled: back to the login page now.
          this.stop();
          notifyUnauthorized();
          break;
        case 'reread-user':
          // 4002: the role changed; the socket reconnects by itself and resumes under the new role.
          this.#rereadUser();
          break;
        case 'reconnect':
          this.#checkSession();
          break;
      }
    });
    ws.addEventListener('message', (e: MessageEvent) => {
      if (typeof e.data === 'string') this.#onMessage(e.data);
    });
    this.#ws = ws;
    // A cut network often closes nothing: the browser's own events and the silence of the pings say it first.
    this.store.setBrowserOnline(navigator.onLine);
    window.addEventListener('offline', this.#onOffline);
    window.addEventListener('online', this.#onOnline);
    this.#timers.push(
      setInterval(() => {
        const last = Math.max(this.store.lastMessageAt ?? 0, this.store.conn.since);
        if (this.store.conn.status === 'open' && Date.now() - last > SILENT_AFTER_MS) ws.reconnect();
      }, 5000),
    );
    this.#timers.push(setInterval(() => this.store.trimTrails(), 5000));
  }

  #onOffline = (): void => {
    this.store.setBrowserOnline(false);
    this.#ws?.reconnect();
  };

  #onOnline = (): void => {
    this.store.setBrowserOnline(true);
    this.#ws?.reconnect();
  };

  stop(): void {
    window.removeEventListener('offline', this.#onOffline);
    window.removeEventListener('online', this.#onOnline);
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    clearTimeout(this.#pendingFlush);
    this.#pendingFlush = undefined;
    this.#ws?.close();
    this.#ws = null;
  }

  #pendingFlush: ReturnType<typeof setTimeout> | undefined;
  #lastFlush = 0;

  #scheduleFlush(): void {
    if (this.#pendingFlush !== undefined) return;
    this.#pendingFlush = setTimeout(
      () => {
        this.#pendingFlush = undefined;
        this.#lastFlush = performance.now();
        this.flush();
      },
      Math.max(0, this.#lastFlush + FLUSH_GAP_MS - performance.now()),
    );
  }

  flush(): void {
    if (this.#buffer.size === 0) return;
    const unknown = this.store.applyPositions(this.#buffer.drain());
    if (unknown.length > 0) this.#refetchDrones();
  }

  #onMessage(text: string): void {
    const msg = parseServerMessage(text);
    if (!msg.ok) {
      this.#dropped(msg.problem);
      return;
    }
    const m = msg.message;
    switch (m.type) {
      case 'snapshot':
        this.store.setDrones(m.drones);
        this.store.upsertSightings(m.sightings.features);
        break;
      case 'positions':
        this.#buffer.push(m.positions);
        this.#scheduleFlush();
        if (m.units && m.units.length > 0) publishLive('units', m.units);
        break;
      case 'event':
        if (m.event.kind === 'sighting') this.store.upsertSightings([m.event.sighting]);
        else publishLive(m.event.kind, m.event);
        break;
      case 'ping':
        break;
      case 'error':
        // The server says why it is about to close (e.g. the session ended); the reconnect and the next
        // HTTP call (401 → login page) handle the rest.
        break;
    }
    this.store.noteMessage(m.seq);
  }

  /** Messages that were not JSON or did not match the live contract: dropped, never thrown. */
  malformed = 0;

  #dropped(problem: string): void {
    this.malformed++;
    // The first one, then one in a hundred: enough to see a server and a page out of step without a flood.
    if (this.malformed % 100 === 1) {
      // eslint-disable-next-line no-console -- the browser console is the web app's log
      console.warn(`live: dropped a malformed message (${this.malformed} so far): ${problem}`);
    }
  }

  #lastSessionCheck = 0;

  /** A socket refused for a lost session looks like any other close; ask the API once in a while. */
  #checkSession(): void {
    const now = Date.now();
    if (now - this.#lastSessionCheck < 10_000) return;
    this.#lastSessionCheck = now;
    api.me().catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) notifyUnauthorized();
    });
  }

  /** After a role change: the user as the server now sees them, announced to the app (or signed out). */
  #rereadUser(): void {
    api
      .me()
      .then((r) => window.dispatchEvent(new CustomEvent(SESSION_USER_EVENT, { detail: r.user })))
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 401) notifyUnauthorized();
      });
  }

  #refetchDrones(): void {
    if (this.#refetchingDrones) return;
    this.#refetchingDrones = true;
    api
      .drones()
      .then((r) => this.store.setDrones(r.drones))
      .catch(() => undefined)
      .finally(() => {
        this.#refetchingDrones = false;
      });
  }
}
