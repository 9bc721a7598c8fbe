import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type AuthenticateError, type Client, type PublishPacket, type Subscription } from 'aedes';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { generatePassword, verifyDroneSecret } from '../credentials.ts';
import { createIngestRepo } from '../ingest/ingest.repo.ts';
import { createBridgeMetrics } from '../metrics.ts';
import { droneIdOfTopic, parseInboundTopic, TOPIC_ROOT, topics } from '../topics.ts';
import { PacketSizeGuard } from './packet-size-guard.ts';
import { djiMaySubscribe, djiPublishDecision, emptyDjiAccess } from '../dji/dji-access.ts';
import { activeDjiPilotCredentials, bindDjiGateway, loadDjiAccess } from '../dji/dji-access.repo.ts';
import { djiBridgeFilters, djiServicesReplyFilter, parseDjiDownTopic } from '../dji/dji-topics.ts';
import type { RejectReason } from '../decoders/types.ts';

/**
 * The embedded MQTT broker of `npm start` (aedes, MQTT 3.1.1, in memory), with Lookout's rules:
 * - a drone logs in with username = client id = its drone id and its own password (checked against
 *   drones.credential_hash, the same `$7$` hash a Mosquitto password file holds);
 * - a drone may publish only under `lookout/v1/drones/{itsId}/{telemetry|sightings|status|dji/osd}` and
 *   subscribe only to its own `acks`; a publish under another id is dropped, counted and dead-lettered
 *   (`topic_not_allowed`) — like Mosquitto's ACL, the connection stays up;
 * - the bridge logs in as an internal user with a password made at start; the server's DJI services caller uses
 *   the same login to ask gateways (`thing/product/+/services`) and read their `services_reply`.
 * Packets over `maxPacketBytes` cut the connection before they are buffered (PacketSizeGuard).
 * Failed logins are throttled per (username, client address) with growing delays and per address, before any
 * password is checked: a throttled CONNECT gets CONNACK 3 "server unavailable" and is counted.
 */
export const BRIDGE_USERNAME = '_lookout-bridge';
/** Large enough that an oversized payload still reaches the bridge to be dead-lettered as too_large. */
export const DEFAULT_MAX_PACKET_BYTES = 8 * 1024 * 1024;
const DENIED_PREFIX = '$lookout/denied/';

export interface EmbeddedBrokerOptions {
  database: Database;
  port?: number;
  /** true: fail if `port` is taken; false: take the next free one. */
  strictPort?: boolean;
  host?: string;
  log: Logger;
  registry?: Registry;
  maxPacketBytes?: number;
  loginThrottle?: Partial<BrokerLoginThrottle>;
}

export interface BrokerLoginThrottle {
  /** Failed CONNECTs of one (username, address) pair let through before growing delays (1 s, 2 s, 4 s …). */
  freeFailures: number;
  /** The longest delay of a pair, in seconds. */
  maxDelayS: number;
  /** Failed CONNECTs from one address per minute before the address is refused for `addressBlockS`. */
  addressFailuresPerMinute: number;
  addressBlockS: number;
}

/**
 * In process memory: the embedded broker is the single-process default (one aedes, in memory like its sessions),
 * so there is no other broker to share counts with, and a reconnect storm costs no database round trip.
 */
export const DEFAULT_BROKER_LOGIN_THROTTLE: BrokerLoginThrottle = {
  freeFailures: 5,
  maxDelayS: 300,
  addressFailuresPerMinute: 30,
  addressBlockS: 300,
};

export interface EmbeddedBroker {
  /** mqtt://host:port (no credentials). */
  url: string;
  port: number;
  bridgeUser: { username: string; password: string };
  stats: { deniedPublishes: number; authFailures: number; throttledLogins: number };
  /** Reread DJI bindings and credentials; disconnect DJI gateways whose credentials were revoked. */
  refreshDji(): Promise<void>;
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    cause?: unknown,
  ) {
    super(`MQTT port ${port} is already in use (EMBEDDED_MQTT_PORT); free it or choose another port`, { cause });
    this.name = 'PortInUseError';
  }
}

const CREDENTIAL_TTL_MS = 30_000;

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
  const log = options.log.child({ module: 'embedded-broker' });
  const repo = createIngestRepo(options.database);
  const metrics = options.registry ? createBridgeMetrics(options.registry) : undefined;
  const bridgeUser = { username: BRIDGE_USERNAME, password: generatePassword(24) };
  const bridgePasswordBuf = Buffer.from(bridgeUser.password);
  const stats = { deniedPublishes: 0, authFailures: 0, throttledLogins: 0 };
  const throttle = { ...DEFAULT_BROKER_LOGIN_THROTTLE, ...options.loginThrottle };
  // Counts the failures of a pair (never refuses by itself); `pairDelay` holds the growing delay.
  const pairFailures = new RateLimiterMemory({ keyPrefix: 'pair', points: 1_000_000, duration: 3600 });
  const pairDelay = new RateLimiterMemory({ keyPrefix: 'delay', points: 1, duration: 1 });
  const addressFailures = new RateLimiterMemory({
    keyPrefix: 'addr',
    points: throttle.addressFailuresPerMinute,
    duration: 60,
    blockDuration: throttle.addressBlockS,
  });
  const pairKey = (username: string, address: string) => `${encodeURIComponent(username)}|${address}`;

  /** Refused before any check: the pair serves a delay, or the address failed too often. */
  async function throttled(username: string, address: string): Promise<'pair' | 'addr' | undefined> {
    const [pair, addr] = await Promise.all([pairDelay.get(pairKey(username, address)), addressFailures.get(address)]);
    if (pair && pair.consumedPoints > 1 && pair.msBeforeNext > 0) return 'pair';
    if (addr && addr.consumedPoints > throttle.addressFailuresPerMinute && addr.msBeforeNext > 0) return 'addr';
    return undefined;
  }

  async function countFailure(username: string, address: string): Promise<void> {
    const key = pairKey(username, address);
    const [pair] = await Promise.all([
      pairFailures.penalty(key, 1),
      // Past the points this blocks the address for `addressBlockS`; the rejection is the expected answer.
      addressFailures.consume(address, 1).catch(() => undefined),
    ]);
    const n = pair.consumedPoints;
    if (n >= throttle.freeFailures) {
      const delayS = Math.min(2 ** Math.min(n - throttle.freeFailures, 30), throttle.maxDelayS);
      await pairDelay.block(key, delayS);
      log.warn({ username, address, failures: n, delayS }, 'MQTT login failures: delaying this name from this address');
    }
  }

  async function clearPair(username: string, address: string): Promise<void> {
    const key = pairKey(username, address);
    await Promise.all([pairFailures.delete(key), pairDelay.delete(key)]);
  }
  const maxPacketBytes = options.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES;

  // Verified logins, by drone id and a digest of password + stored hash, so a rotated credential is re-checked.
  const verified = new Map<string, number>();
  const hashes = new Map<string, { hash: string | undefined; at: number }>();

  async function storedHash(droneId: string): Promise<string | undefined> {
    const cached = hashes.get(droneId);
    if (cached && Date.now() - cached.at < CREDENTIAL_TTL_MS) return cached.hash;
    const hash = await repo.droneCredential(droneId);
    hashes.set(droneId, { hash, at: Date.now() });
    return hash;
  }

  async function checkDrone(username: string, password: Buffer): Promise<boolean> {
    const hash = await storedHash(username);
    if (!hash) return false;
    const key = `${username}\u0000${createHash('sha256').update(password).update(hash).digest('base64')}`;
    const until = verified.get(key);
    if (until && until > Date.now()) return true;
    const ok = await verifyDroneSecret(password, hash);
    if (ok) verified.set(key, Date.now() + CREDENTIAL_TTL_MS);
    return ok;
  }

  const isBridge = (client: Client | null) =>
    (client as (Client & { lookoutUser?: string }) | null)?.lookoutUser === BRIDGE_USERNAME;
  const droneOf = (client: Client | null) => (client as (Client & { lookoutUser?: string }) | null)?.lookoutUser;
  type PilotClient = Client & { djiPilot?: { userId: string; username: string } };
  const pilotOf = (client: Client | null) => (client as PilotClient | null)?.djiPilot;

  // DJI gateways: bindings from dji_devices, reread when the bridge binds devices and every few seconds.
  let djiAccess = emptyDjiAccess();
  async function refreshDji(): Promise<void> {
    djiAccess = await loadDjiAccess(options.database);
    const live = new Set((await activeDjiPilotCredentials(options.database)).map((c) => c.mqttUsername));
    for (const c of Object.values((broker as unknown as { clients: Record<string, Client> }).clients)) {
      const pilot = pilotOf(c);
      if (pilot && !live.has(pilot.username)) {
        log.info({ clientId: c.id, username: pilot.username }, 'DJI credentials revoked: disconnecting');
        c.close();
      }
    }
  }

  async function checkPilot(client: Client, username: string, password: Buffer): Promise<boolean> {
    const [cred] = await activeDjiPilotCredentials(options.database, username);
    if (!cred || !(await verifyDroneSecret(password, cred.credentialHash))) return false;
    (client as PilotClient).djiPilot = { userId: cred.userId, username };
    return true;
  }

  function deny(
    client: Client | null,
    packet: PublishPacket,
    why: string,
    reason: RejectReason = 'topic_not_allowed',
  ): void {
    stats.deniedPublishes++;
    metrics?.rejected.inc({ reason });
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(String(packet.payload));
    log.warn({ clientId: client?.id, topic: packet.topic }, `publish refused: ${why}`);
    repo
      .recordDeadLetters([
        {
          topic: packet.topic,
          droneId: droneOf(client) ?? null,
          reason,
          detail: why,
          payloadBytes: payload.length,
          payload: payload.subarray(0, 16_384).toString('utf8'),
        },
      ])
      .catch((err: unknown) => log.error({ err }, 'could not record a refused publish'));
    // MQTT 3.1.1 has no negative PUBACK: like Mosquitto, acknowledge and drop (the connection stays up).
    packet.topic = `${DENIED_PREFIX}${packet.topic}`;
    packet.retain = false;
  }

  const broker = await Aedes.createBroker({
    maxClientsIdLength: 128,
    concurrency: 1000,
    drainTimeout: 30_000,
    authenticate(client, username, password, done) {
      const address = (client.conn as { remoteAddress?: string } | undefined)?.remoteAddress ?? '?';
      const refuse = (returnCode: 3 | 4, message: string) => {
        const err = new Error(message) as AuthenticateError;
        (err as { returnCode: number }).returnCode = returnCode;
        done(err, false);
      };
      const fail = () => {
        stats.authFailures++;
        metrics?.authFailures.inc();
        countFailure(username ?? '', address).then(
          () => refuse(4, 'bad username or password'),
          (err: unknown) => {
            log.error({ err }, 'could not count a failed MQTT login');
            refuse(4, 'bad username or password');
          },
        );
      };
      const check = async (): Promise<boolean> => {
        if (!username || !password) return false;
        if (username === BRIDGE_USERNAME) {
          if (password.length === bridgePasswordBuf.length && timingSafeEqual(password, bridgePasswordBuf)) {
            (client as Client & { lookoutUser?: string }).lookoutUser = BRIDGE_USERNAME;
            return true;
          }
          return false;
        }
        // A drone's client id is its username: one session per drone. A DJI gateway's client id is not
        // documented, so DJI pilot credentials are checked whatever it is.
        if (client.id !== username || !(await checkDrone(username, password)))
          return checkPilot(client, username, password);
        (client as Client & { lookoutUser?: string }).lookoutUser = username;
        return true;
      };
      throttled(username ?? '', address)
        .then(async (scope) => {
          if (scope) {
            stats.throttledLogins++;
            metrics?.authThrottled.inc({ scope });
            log.warn({ clientId: client.id, address, scope }, 'MQTT login refused: too many failures');
            return refuse(3, 'too many failed logins; try again later');
          }
          if (!(await check())) return fail();
          await clearPair(username!, address);
          done(null, true);
        })
        .catch((err: unknown) => {
          log.error({ err }, 'credential lookup failed');
          refuse(3, 'server unavailable');
        });
    },
    authorizePublish(client, packet, callback) {
      if (packet.topic.startsWith('$')) return callback(new Error('reserved topic'));
      if (isBridge(client)) {
        if (packet.topic.startsWith(`${TOPIC_ROOT}/`) || parseDjiDownTopic(packet.topic)) return callback(null);
        deny(client, packet, 'bridge may publish only under lookout/v1/drones and to DJI devices');
        return callback(null);
      }
      const pilot = pilotOf(client);
      if (pilot) {
        const decision = djiPublishDecision(djiAccess, pilot.userId, packet.topic);
        if (!decision) deny(client, packet, 'not a DJI device topic');
        else if (!decision.allow) deny(client, packet, decision.why, decision.reason);
        else if (decision.bindGateway) {
          const gateway = decision.bindGateway;
          bindDjiGateway(options.database, gateway, pilot.userId)
            .then(() => refreshDji())
            .then(() => {
              const again = djiPublishDecision(djiAccess, pilot.userId, packet.topic);
              if (!again?.allow)
                deny(client, packet, again?.why ?? 'not allowed', again?.allow === false ? again.reason : undefined);
              else log.info({ gateway, username: pilot.username }, 'DJI gateway bound to its pilot');
              callback(null);
            })
            .catch((err: unknown) => {
              log.error({ err }, 'could not bind a DJI gateway');
              callback(new Error('server unavailable'));
            });
          return;
        }
        return callback(null);
      }
      const droneId = droneOf(client);
      // client null: aedes publishing a Last Will of a client that is gone; the will was checked at connect.
      const owner = client === null ? droneIdOfTopic(packet.topic) : droneId;
      const parsed = parseInboundTopic(packet.topic);
      if (!parsed || parsed.droneId !== owner) {
        deny(
          client,
          packet,
          parsed ? `drone ${owner ?? '?'} may not publish for ${parsed.droneId}` : 'not a drone topic',
        );
      }
      callback(null);
    },
    authorizeSubscribe(client, sub: Subscription, callback) {
      if (isBridge(client)) {
        const ok =
          sub.topic === `${TOPIC_ROOT}/#` ||
          sub.topic.startsWith(`${TOPIC_ROOT}/`) ||
          djiBridgeFilters.includes(sub.topic) ||
          sub.topic === djiServicesReplyFilter;
        return callback(null, ok ? sub : null);
      }
      const pilot = pilotOf(client);
      if (pilot) return callback(null, djiMaySubscribe(djiAccess, pilot.userId, sub.topic) ? sub : null);
      const droneId = droneOf(client);
      callback(null, droneId && sub.topic === topics.acks(droneId) ? sub : null);
    },
    authorizeForward(_client, packet) {
      return packet.topic.startsWith(DENIED_PREFIX) ? null : packet;
    },
  });

  await refreshDji();
  const djiTimer = setInterval(() => {
    refreshDji().catch((err: unknown) => log.warn({ err }, 'DJI access refresh failed'));
  }, 5_000);
  djiTimer.unref();

  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    const guarded = new PacketSizeGuard(socket, maxPacketBytes, (announced) => {
      metrics?.rejected.inc({ reason: 'too_large' });
      log.warn({ remote: socket.remoteAddress, announced }, 'MQTT packet over the size limit; connection closed');
    });
    broker.handle(guarded as never);
  });

  const host = options.host ?? '0.0.0.0';
  const firstPort = options.port ?? 1883;
  let port = firstPort;
  for (let attempt = 0; ; attempt++) {
    try {
      await listen(server, port, host);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      if (options.strictPort) throw new PortInUseError(port, err);
      if (attempt >= 50) throw new Error(`no free MQTT port in ${firstPort}..${port}`, { cause: err });
      port++;
    }
  }
  port = (server.address() as { port: number }).port;
  if (port !== firstPort && firstPort !== 0)
    log.info({ wanted: firstPort, port }, 'MQTT port taken; using the next free one');
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  return {
    url: `mqtt://${urlHost}:${port}`,
    port,
    bridgeUser,
    stats,
    refreshDji,
    async close() {
      clearInterval(djiTimer);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
