import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import net, { type AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { GateAnswer, VideoRefusal } from './video-gate.ts';
import { VIDEO_APP } from './stream-names.ts';

/**
 * The media server inside Lookout: node-media-server's RTMP sessions and broadcasts, behind Lookout's own listener
 * and gate. Lookout listens itself (any port, errors reported instead of node-media-server's process exit) and
 * hands each socket to node-media-server; viewers and the recorder subscribe to a broadcast as plain sessions
 * (`FlvTap`), so HTTP-FLV goes out through Lookout's HTTP server with its play tokens. node-media-server keeps its
 * state in one module (`Context`): one embedded media server per process.
 */
const require = createRequire(import.meta.url);

interface NmsSession {
  id: string;
  ip: string;
  protocol: string;
  isPublisher: boolean;
  streamApp: string;
  streamName: string;
  streamPath: string;
  streamQuery: Record<string, unknown>;
  socket?: net.Socket;
  /** Its socket's 'data' listener: parses RTMP chunks, and may throw on malformed ones. */
  onData?: (data: Buffer) => void;
  inBytes: number;
  audioCodec: number;
  videoCodec: number;
  videoWidth: number;
  videoHeight: number;
  endTime: number;
}
interface NmsBroadcast {
  publisher: NmsSession | null;
  publishGraceMs: number;
  subscribers: Map<string, unknown>;
  postPlay(session: FlvTap): string | null;
  donePlay(session: FlvTap): void;
  getPublishStatus(): 'publishing' | 'reconnecting' | 'idle';
}
interface NmsContext {
  config: Record<string, unknown>;
  sessions: Map<string, NmsSession>;
  broadcasts: Map<string, NmsBroadcast>;
  eventEmitter: EventEmitter;
}

const Context = require('node-media-server/src/core/context.js') as NmsContext;
const nmsLogger = require('node-media-server/src/core/logger.js') as {
  level: string;
  log: (message: string, level?: string) => void;
};
const NodeRtmpServer = require('node-media-server/src/server/rtmp_server.js') as new () => {
  handleRequest(socket: net.Socket): void;
};
const BroadcastServer = require('node-media-server/src/server/broadcast_server.js') as new (
  path: string,
) => NmsBroadcast;

/**
 * A subscriber to a broadcast that is not a network session of node-media-server's: a viewer's HTTP response, the
 * recorder, the stall watch. `ip` is empty so node-media-server raises no play events for it.
 */
export interface FlvTap {
  id: string;
  ip: '';
  protocol: 'flv';
  endTime: number;
  /** Each FLV piece: first the FLV header, then whole tags (type 8 audio, 9 video, 18 script). */
  sendBuffer(buffer: Buffer): void;
}

export interface StreamStats {
  stream: string;
  status: 'publishing' | 'reconnecting' | 'idle';
  width: number | null;
  height: number | null;
  codec: string | null;
  inBytes: number;
  viewers: number;
  publisherIp: string | null;
  hasAudio: boolean;
}

export interface EmbeddedMediaOptions {
  port: number;
  host?: string;
  log: Logger;
  authorisePublish(app: string, stream: string, query: Record<string, unknown>): GateAnswer;
  /** An RTMP play straight from the media server (a station's video wall): `?token=` as for HTTP-FLV. */
  authorisePlay(stream: string, token: string | undefined): GateAnswer;
  refused(reason: VideoRefusal | 'rtmp_handshake' | 'rtmp_malformed' | 'rtmp_idle' | 'rtmp_busy'): void;
  published?(stream: string, droneId: string): void;
  unpublished?(stream: string): void;
  /** A publisher that drops may resume within this window; its viewers wait (node-media-server's own default: 30 s). */
  reconnectGraceMs?: number;
  /** Most RTMP connections at once (publishers and RTMP players); more are closed at once. */
  maxConnections?: number;
  /** A connection that has not published or played after this long is closed. */
  idleMs?: number;
}

const codecName: Record<number, string> = { 7: 'H.264', 12: 'H.265', 13: 'AV1', 2: 'H.263', 4: 'VP6' };

let running = false;

export async function startEmbeddedMedia(options: EmbeddedMediaOptions) {
  if (running) throw new Error('one embedded media server per process (node-media-server keeps global state)');
  running = true;
  const log = options.log.child({ module: 'media' });
  nmsLogger.level = 'warn';
  nmsLogger.log = (message: string, level = 'info') => {
    if (level === 'error' || level === 'warn') log.warn({ nms: true }, message);
    else log.debug({ nms: true }, message);
  };
  Context.config = {};
  const rtmp = new NodeRtmpServer();
  const droneOfSession = new Map<string, string>();

  const onPrePublish = (session: NmsSession) => {
    const answer = options.authorisePublish(session.streamApp, session.streamName, session.streamQuery ?? {});
    if (!answer.ok) {
      log.warn({ stream: session.streamPath, ip: session.ip, reason: answer.reason }, 'publish refused');
      session.socket?.destroy();
      return;
    }
    droneOfSession.set(session.id, answer.droneId);
  };
  const onPostPublish = (session: NmsSession) => {
    const droneId = droneOfSession.get(session.id);
    if (!droneId || session.socket?.destroyed) return;
    const broadcast = Context.broadcasts.get(session.streamPath);
    if (broadcast && options.reconnectGraceMs !== undefined) broadcast.publishGraceMs = options.reconnectGraceMs;
    log.info({ stream: session.streamPath, droneId, ip: session.ip }, 'publishing');
    options.published?.(session.streamName, droneId);
  };
  const onDonePublish = (session: NmsSession) => {
    if (!droneOfSession.delete(session.id)) return;
    log.info({ stream: session.streamPath }, 'publish ended');
    options.unpublished?.(session.streamName);
  };
  const onPrePlay = (session: NmsSession) => {
    const token = typeof session.streamQuery?.token === 'string' ? session.streamQuery.token : undefined;
    const answer =
      session.streamApp === VIDEO_APP
        ? options.authorisePlay(session.streamName, token)
        : ({ ok: false, reason: 'wrong_app' } as const);
    if (!answer.ok) {
      log.warn({ stream: session.streamPath, ip: session.ip, reason: answer.reason }, 'RTMP play refused');
      session.socket?.destroy();
    }
  };
  Context.eventEmitter.on('prePublish', onPrePublish);
  Context.eventEmitter.on('postPublish', onPostPublish);
  Context.eventEmitter.on('donePublish', onDonePublish);
  Context.eventEmitter.on('prePlay', onPrePlay);

  /**
   * node-media-server parses RTMP in its socket's 'data' listener, and some malformed chunks make it throw (an AMF
   * read past the buffer's end). A throw there is an uncaught exception that would end the whole process: the
   * listener is wrapped, and such a connection is counted and closed.
   */
  function guardParser(session: NmsSession, socket: net.Socket): void {
    const parse = session.onData;
    if (!parse) return;
    socket.off('data', parse);
    socket.on('data', (data: Buffer) => {
      try {
        parse(data);
      } catch (err) {
        if (socket.destroyed) return;
        log.warn({ err: String(err), ip: session.ip }, 'malformed RTMP data: connection closed');
        options.refused('rtmp_malformed');
        socket.destroy();
      }
    });
  }

  const maxConnections = options.maxConnections ?? 256;
  const idleMs = options.idleMs ?? 10_000;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    if (sockets.size >= maxConnections) {
      options.refused('rtmp_busy');
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.setNoDelay(true);
    const before = new Set(Context.sessions.keys());
    rtmp.handleRequest(socket);
    const session = [...Context.sessions.values()].find((s) => !before.has(s.id) && s.socket === socket);
    if (session) guardParser(session, socket);
    const started = () => Boolean(session?.streamPath) && !socket.destroyed;
    const idle = setTimeout(() => {
      if (!started()) {
        options.refused('rtmp_idle');
        socket.destroy();
      }
    }, idleMs);
    idle.unref();
    socket.on('close', () => {
      clearTimeout(idle);
      sockets.delete(socket);
      // Never got as far as naming a stream: a broken or hostile handshake (refusals are counted by the gate).
      if (session && !session.streamPath && socket.bytesRead > 0) options.refused('rtmp_handshake');
    });
  });
  server.maxConnections = maxConnections + 16;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: unknown) => {
    running = false;
    detach();
    throw err;
  });
  server.on('error', (err) => log.error({ err }, 'RTMP listener error'));
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'RTMP listener up (embedded media server)');

  function detach() {
    Context.eventEmitter.off('prePublish', onPrePublish);
    Context.eventEmitter.off('postPublish', onPostPublish);
    Context.eventEmitter.off('donePublish', onDonePublish);
    Context.eventEmitter.off('prePlay', onPrePlay);
  }
  const pathOf = (stream: string) => `/${VIDEO_APP}/${stream}`;

  return {
    port,
    /**
     * Subscribe to a stream (waiting for its publisher when there is none yet): the tap receives the FLV header,
     * the stream's headers and the current group of pictures, then every tag. Returns the unsubscribe.
     */
    tap(stream: string, tap: FlvTap): () => void {
      const path = pathOf(stream);
      let broadcast = Context.broadcasts.get(path);
      if (!broadcast) {
        broadcast = new BroadcastServer(path);
        Context.broadcasts.set(path, broadcast);
      }
      const b = broadcast;
      b.postPlay(tap);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        tap.endTime = Date.now();
        b.donePlay(tap);
      };
    },
    stats(stream: string): StreamStats | undefined {
      const b = Context.broadcasts.get(pathOf(stream));
      if (!b) return undefined;
      const p = b.publisher;
      return {
        stream,
        status: b.getPublishStatus(),
        width: p?.videoWidth || null,
        height: p?.videoHeight || null,
        codec: p?.videoCodec ? (codecName[p.videoCodec] ?? `codec ${p.videoCodec}`) : null,
        inBytes: p?.inBytes ?? 0,
        viewers: b.subscribers.size,
        publisherIp: p?.ip ?? null,
        hasAudio: Boolean(p?.audioCodec),
      };
    },
    /** Streams with a publisher now (or in its reconnect window). */
    publishing(): string[] {
      return [...Context.broadcasts.entries()]
        .filter(([, b]) => b.publisher !== null)
        .map(([path]) => path.slice(VIDEO_APP.length + 2));
    },
    /** Close a publisher now (a revoked key, a detached drone). */
    kick(stream: string): void {
      Context.broadcasts.get(pathOf(stream))?.publisher?.socket?.destroy();
    },
    async stop(): Promise<void> {
      detach();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      Context.broadcasts.clear();
      Context.sessions.clear();
      running = false;
    },
  };
}

export type EmbeddedMedia = Awaited<ReturnType<typeof startEmbeddedMedia>>;
