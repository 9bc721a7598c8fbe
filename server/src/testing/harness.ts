import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { canonicalRoles, type Role } from '@lookout/contracts';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { loadConfig, type Config } from '../config.ts';
import type { AppDeps } from '../http/app.ts';
import { startHttpServer, type RunningHttpServer } from '../http/server.ts';
import { createMetrics } from '../metrics/metrics.ts';
import { hashPassword } from '../users/passwords.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { liveDoorbellSql } from '@lookout/db';

export interface Harness {
  database: Database;
  config: Config;
  server: RunningHttpServer;
  base: string;
  /** Whether the fake MQTT probe reports the broker up. */
  mqtt: { up: boolean };
  close(): Promise<void>;
}

export const METRICS_TOKEN = 'test-metrics-token-0123456789';
/**
 * The tadpole module's key (so no secrets.key file is made, db/src/secrets/secret-key.ts): one per test
 * database handle, so two servers of one test file read each other's sealed credentials, while the delivery
 * workers of test files sharing a real database leave each other's deliveries alone (they claim only rows they
 * can decrypt).
 */
const secretsKeys = new WeakMap<Database, string>();
/** A fixed key, for a test that sets SECRETS_KEY itself. */
export const TEST_SECRETS_KEY = Buffer.alloc(32, 0x5a).toString('base64');
function secretsKeyFor(database: Database): string {
  let key = secretsKeys.get(database);
  if (!key) secretsKeys.set(database, (key = randomBytes(32).toString('base64')));
  return key;
}

export interface HarnessOptions {
  /** Extra environment for loadConfig (e.g. AML_SERVICE_TOKEN). */
  env?: Record<string, string>;
  callerPageFile?: string;
  locateLimits?: { perLink: number; perIp: number };
  /** The built outside team page, and its rate limits. */
  teamPageFile?: string;
  teamLinkLimits?: { perLink: number; perIp: number };
  /** Another server on this harness's database (closing it leaves the database open). */
  database?: Database;
  /** The tadpole clock and delivery options. */
  tadpole?: AppDeps['tadpole'];
  /** A built web app to serve (default none). */
  webDist?: string;
  /** Take the client address from X-Forwarded-For, so a test can sign in from several addresses. */
  trustProxy?: boolean;
}

/** One database and one server on an ephemeral port for a test file. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const database = options.database ?? (await openTestDatabase());
  const config = loadConfig({
    METRICS_TOKEN,
    LOOKOUT_DATA_DIR: '/nonexistent-lookout-data',
    SECRETS_KEY: secretsKeyFor(database),
    // The board's escalation tick writes events; tests that want it set it (board.db.test.ts).
    ESCALATION_EVERY_S: '0',
    // Test files sign in from 127.0.0.1 and share a real database for days: the daily cap per address would end
    // up refusing every new test user. The cap's own tests set it (login-limits.db.test.ts).
    LOGIN_ADDR_DAILY_FAILURES: '10000000',
    ...(options.trustProxy ? { TRUST_PROXY: 'loopback' } : {}),
    // One embedded media server per process (node-media-server's state is global): video tests ask for it.
    VIDEO_MEDIA: 'none',
    RTMP_PORT: '0',
    ...options.env,
  });
  const registry = new Registry();
  const mqtt = { up: true };
  const server = await startHttpServer({
    database,
    config,
    log: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    registry,
    metrics: createMetrics(registry, { defaultMetrics: false }),
    mqttStatus: () => (mqtt.up ? 'ok' : 'down'),
    brokerUrlFor: (host) => `mqtt://${host}:1883`,
    webDist: options.webDist ?? null,
    // Every JSON answer of every route test is checked against its route's contract.
    checkResponses: true,
    port: 0,
    host: '127.0.0.1',
    liveFlushMs: 50,
    // Only the sweep at start: tests of the catch-up must not pass by a periodic sweep.
    matchSweepMs: 3_600_000,
    ...(options.callerPageFile ? { callerPageFile: options.callerPageFile } : {}),
    ...(options.locateLimits ? { locateLimits: options.locateLimits } : {}),
    ...(options.teamPageFile ? { teamPageFile: options.teamPageFile } : {}),
    ...(options.teamLinkLimits ? { teamLinkLimits: options.teamLinkLimits } : {}),
    ...(options.tadpole ? { tadpole: options.tadpole } : {}),
  });
  return {
    database,
    config,
    server,
    base: `http://127.0.0.1:${server.port}`,
    mqtt,
    async close() {
      await server.close();
      if (!options.database) await database.close();
    },
  };
}

export const uid = () => randomUUID().slice(0, 8);

/** A user with a unique name and one role or several; returns its credentials. */
export async function createTestUser(
  database: Database,
  roles: Role | readonly Role[],
): Promise<{ username: string; password: string }> {
  const held = canonicalRoles(typeof roles === 'string' ? [roles] : roles);
  const username = `${held.join('-')}-${uid()}`;
  const password = `pw-${uid()}-${uid()}`;
  await createUsersRepo(database).insert({
    username,
    displayName: username,
    roles: held,
    passwordHash: await hashPassword(password),
  });
  return { username, password };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('no cookie');
  return cookie.split(';')[0]!;
}

/** A signed-in session cookie for a fresh user of `role` (or of several roles). */
export async function sessionFor(h: Harness, role: Role | readonly Role[]): Promise<string> {
  const u = await createTestUser(h.database, role);
  return login(h.base, u.username, u.password);
}

export async function insertDrone(
  database: Database,
  callsign = `T-${uid()}`,
): Promise<{ id: string; callsign: string }> {
  const id = `t-${uid()}${uid()}`;
  await database.query('insert into drones (id, callsign, credential_hash) values ($1, $2, $3)', [
    id,
    callsign,
    '$7$101$x$y',
  ]);
  return { id, callsign };
}

export async function insertFix(
  database: Database,
  droneId: string,
  f: { t: Date; lon: number; lat: number; bat?: number },
): Promise<number> {
  const [row] = await database.query<{ id: number }>(
    `with f as (
       insert into fixes (drone_id, reading_id, t, geom, bat) values ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), $6)
       returning *),
     s as (
       insert into drone_state (drone_id, fix_id, t, geom, bat) select drone_id, id, t, geom, bat from f
       on conflict (drone_id) do update set fix_id = excluded.fix_id, t = excluded.t, geom = excluded.geom,
         bat = excluded.bat, received_at = now())
     select f.id, ${liveDoorbellSql('f.id')} from f`,
    [droneId, randomUUID(), f.t.toISOString(), f.lon, f.lat, f.bat ?? null],
  );
  return Number(row!.id);
}

export async function insertSighting(
  database: Database,
  droneId: string,
  s: { t?: Date; lon?: number; lat?: number; photo?: Buffer } = {},
): Promise<{ id: number; seq: number }> {
  const [row] = await database.query<{ id: number; live_seq: number }>(
    `with s as (
       insert into sightings (drone_id, reading_id, t, geom, unc_m, conf, kind, note, photo)
       values ($1, $2, $3, ST_SetSRID(ST_MakePoint($4, $5), 4326), 15, 0.7, 'person', 'red jacket', $6)
       returning id, live_seq)
     select s.id, s.live_seq, ${liveDoorbellSql('s.live_seq')} from s`,
    [droneId, randomUUID(), (s.t ?? new Date()).toISOString(), s.lon ?? 120.01, s.lat ?? 28.9, s.photo ?? null],
  );
  return { id: Number(row!.id), seq: Number(row!.live_seq) };
}
