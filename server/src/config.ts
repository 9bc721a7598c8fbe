import path from 'node:path';
import { parseDjiPlatformEnv, type DjiPlatformSettings } from '@lookout/drone-bridge';
import { datums, type Datum } from '@lookout/contracts';
import { z } from 'zod';
import { extraBasemaps, tileTemplateProblem, type ExtraBasemap } from './system/basemap-choices.ts';

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const port = z.coerce.number().int().min(0).max(65_535);

const center = z
  .string()
  .regex(/^\s*-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*$/, 'expected "lon,lat"')
  .transform((v) => v.split(',').map((s) => Number(s.trim())) as [number, number])
  .refine(([lon, lat]) => Math.abs(lon) <= 180 && Math.abs(lat) <= 90, 'lon/lat out of range');

const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);
/** `http://127.0.0.1:9000,https://robots.lan`: origins only, no path. */
const robotOrigins = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.url({ protocol: /^https?$/ }).refine((u) => new URL(u).origin === u.replace(/\/$/, ''), 'an origin, no path'),
    ),
  );

/** One trusted proxy: an address, a subnet, or one of express's names for a range. */
const proxyAddress = z.union([
  z.enum(['loopback', 'linklocal', 'uniquelocal']),
  z.ipv4(),
  z.ipv6(),
  z.cidrv4(),
  z.cidrv6(),
]);

/**
 * TRUST_PROXY: off (unset, 0, false, off, no), a number of proxy hops in front of the server, or the proxies'
 * addresses/subnets separated by commas. Trusting every sender (`true`) is refused: any client could then name
 * its own address in X-Forwarded-For and slip past the per-address limits.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): false | number | string[] => {
    if (['0', 'false', 'off', 'no'].includes(v.toLowerCase())) return false;
    if (/^\d+$/.test(v)) return Number(v);
    const items = v.split(',').map((s) => s.trim());
    const bad = items.filter((s) => !proxyAddress.safeParse(s).success);
    if (items.length && !bad.length) return items;
    ctx.addIssue({
      code: 'custom',
      message:
        `expected off, a hop count, or the proxies' addresses/subnets (e.g. "10.0.0.5,loopback"); ` +
        `not ${bad.map((b) => JSON.stringify(b)).join(', ')}`,
    });
    return z.NEVER;
  });

const envSchema = z.object({
  DATABASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  MQTT_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^(mqtts?|wss?|tcp)$/ }).optional()),
  // The broker address handed to newly registered drones when it differs from MQTT_URL (NAT, docker names).
  MQTT_PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^(mqtts?|wss?|tcp)$/ }).optional()),
  LOOKOUT_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
  LOOKOUT_ROLE: z.preprocess(emptyAsUndefined, z.enum(['all', 'server', 'bridge']).optional()),
  PORT: z.preprocess(emptyAsUndefined, port.default(8080)),
  HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
  EMBEDDED_MQTT_PORT: z.preprocess(emptyAsUndefined, port.optional()),
  // The embedded bridge's MAVLink UDP port; unset → 14550 or the next free one.
  MAVLINK_UDP_PORT: z.preprocess(emptyAsUndefined, port.optional()),
  // DJI Cloud API: the MQTT 5 port `npm start` runs the machine's Mosquitto on for DJI devices (unset → 1884 or
  // the next free one). The station's app and NTP settings (DJI_APP_ID, DJI_APP_KEY, DJI_LICENSE, DJI_NTP_HOST,
  // DJI_NTP_PORT) are parsed by @lookout/drone-bridge's parseDjiPlatformEnv, as in a standalone bridge.
  DJI_MQTT_PORT: z.preprocess(emptyAsUndefined, port.default(1884)),
  TLS_CERT: z.preprocess(emptyAsUndefined, z.string().optional()),
  TLS_KEY: z.preprocess(emptyAsUndefined, z.string().optional()),
  // The bridge's MQTT user on a real broker, when MQTT_URL carries no credentials (docker-compose).
  MQTT_BRIDGE_USER: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[^:\s]+$/)
      .optional(),
  ),
  LOOKOUT_BRIDGE_MQTT_PASSWORD: z.preprocess(emptyAsUndefined, z.string().optional()),
  // The admin client of the broker's dynamic-security plugin (Mosquitto at MQTT_URL): set both, and a pilot's
  // credentials issued on the Pilot 2 page are created there at once (drone-bridge/src/mosquitto/dynsec-issue.ts).
  MQTT_DYNSEC_USER: z.preprocess(emptyAsUndefined, z.string().min(1).max(128).optional()),
  MQTT_DYNSEC_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(1).optional()),
  LOOKOUT_ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8).optional()),
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  SESSION_TTL_HOURS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .positive()
      .max(24 * 90)
      .default(12),
  ),
  BASEMAP_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .superRefine((u, ctx) => {
        const problem = tileTemplateProblem(u);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  ),
  // More basemaps for the map's switcher, as JSON: [{"name","kind":"street|satellite|terrain","url","labels"?,"datum"?}].
  BASEMAPS: z.preprocess((v) => {
    if (v === '' || v === undefined) return [];
    try {
      return JSON.parse(String(v)) as unknown;
    } catch {
      return 'not JSON';
    }
  }, extraBasemaps),
  // 天地图's key: its street, satellite and terrain maps with their annotation layers join the switcher.
  TIANDITU_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9]{16,64}$/, '16 to 64 letters and digits, as 天地图 issues it')
      .optional(),
  ),
  // The datum the basemap's tiles are drawn in: GCJ-02 (AMap, Tencent), BD-09 (Baidu) or WGS-84 (天地图, OSM).
  BASEMAP_DATUM: z.preprocess(emptyAsUndefined, z.enum(datums).default('wgs84')),
  BASEMAP_ATTRIBUTION: z.preprocess(emptyAsUndefined, z.string().optional()),
  // The terrain (`lookout terrain build`) under <dataDir>/basemap/terrain/ to draw: a folder name, or off.
  TERRAIN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[\w.-]+$/, 'a folder name under <dataDir>/basemap/terrain/, or off')
      .refine((v) => !v.startsWith('.'), 'a folder name, not a hidden one')
      .optional(),
  ),
  // Default: the demo area over the hills near Yongkang (drone-bridge DEMO_CENTRE).
  MAP_CENTER: z.preprocess(emptyAsUndefined, center.default([120.07, 28.95])),
  MAP_ZOOM: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(22).default(13)),
  STALE_AFTER_S: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(30)),
  DEMO: z.preprocess(emptyAsUndefined, bool.optional()),
  // Caller location links and the call centre's AML push.
  LOCATION_LINK_TTL_HOURS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .positive()
      .max(24 * 7)
      .default(24),
  ),
  PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  AML_SERVICE_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16).optional()),
  // Signs the caller's SMS: 【STATION_NAME】请点击链接…
  STATION_NAME: z.preprocess(emptyAsUndefined, z.string().max(40).default('永康市公安局')),
  // Tadpole: retention, photo limits, the widening tick, the key that seals group credentials.
  PUBLIC_PURGE_HOURS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(24),
  ),
  CASE_FILE_RETENTION_DAYS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(3650).default(30)),
  // Board: the escalation tick (0 = off) and the duty group told of a breach (a community_groups id).
  ESCALATION_EVERY_S: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(3600).default(5)),
  DUTY_GROUP_ID: z.preprocess(emptyAsUndefined, z.uuid().optional()),
  // Coverage: the width of ground an officer on foot is taken to have searched along his track.
  COVERAGE_WALK_WIDTH_M: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(500).default(20)),
  SECRETS_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'expected base64 of 32 bytes')
      .optional(),
  ),
  TADPOLE_WIDEN_EVERY_S: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(3600).default(60)),
  PHOTO_MAX_BYTES: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .int()
      .min(10_000)
      .max(50 * 1024 * 1024)
      .default(5 * 1024 * 1024),
  ),
  PHOTO_LINK_TTL_HOURS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .positive()
      .max(24 * 30)
      .default(72),
  ),
  TRUST_PROXY: z.preprocess(emptyAsUndefined, trustProxy.optional()),
  // Live video: the media server (embedded node-media-server, a station's nginx-rtmp, or none), the embedded RTMP
  // port (0: any free one), the RTMP base handed to pilots, an external server's play base, and the recordings' cap.
  VIDEO_MEDIA: z.preprocess(emptyAsUndefined, z.enum(['embedded', 'nginx-rtmp', 'none']).default('embedded')),
  RTMP_PORT: z.preprocess(emptyAsUndefined, port.default(1935)),
  VIDEO_RTMP_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^rtmps?$/ }).optional()),
  VIDEO_PLAY_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  // nginx-rtmp's statistics page (`rtmp_stat all`) as Lookout reaches it: read every second for the stall watch.
  VIDEO_STAT_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  VIDEO_RECONNECT_GRACE_S: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).max(600).default(15)),
  // The shared secret an external media server sends with its HTTP callbacks (nginx-rtmp: `?hook_token=` in the
  // on_publish URL, `Authorization: Bearer` from its auth_request); it goes into their config files, so URL-safe.
  VIDEO_HOOK_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9._~-]{16,256}$/, '16 to 256 of A-Z a-z 0-9 . _ ~ -')
      .optional(),
  ),
  VIDEO_PLAY_TTL_S: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(10).max(86_400).default(600)),
  VIDEO_RECORD_MAX_MB: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10_000_000).default(20_000)),
  VIDEO_RECORD_SEGMENT_S: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(3_600).default(300)),
  TIP_RATE_PER_10MIN: z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().max(10_000).default(5)),
  // The liaison roster's SMS gateway (one HTTP request per roster); unset → the labelled file sink.
  SMS_GATEWAY_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
  SMS_GATEWAY_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(8).optional()),
  SMS_GATEWAY_RATE_PER_S: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(1000).default(10)),
  // Group robots' webhooks go only to the vendors (qyapi.weixin.qq.com, oapi.dingtalk.com, open.feishu.cn,
  // open.larksuite.com); these extra origins (comma-separated) also serve the vendors' paths: a local stand-in.
  ROBOT_EXTRA_ORIGINS: z.preprocess(emptyAsUndefined, robotOrigins.optional()),
  // Failed logins: free failures per (username, address) before growing delays, the longest delay, the daily
  // failures per address, how long a run of failures is remembered; the argon2 work allowed at once and waiting.
  LOGIN_FREE_FAILURES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).default(5)),
  LOGIN_MAX_DELAY_MIN: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(1440).default(15)),
  LOGIN_ADDR_DAILY_FAILURES: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(10_000_000).default(100),
  ),
  LOGIN_FAILURE_MEMORY_H: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(720).default(24)),
  LOGIN_HASH_CONCURRENCY: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(64).optional()),
  LOGIN_HASH_QUEUE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10_000).default(32)),
  // How often a live socket re-checks its session.
  LIVE_SESSION_RECHECK_S: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(3600).default(10)),
  // The broker URL DJI Pilot 2 connects to (tcp://, ssl://, ws:// or wss://); unset → the running broker's URL.
  DJI_MQTT_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^(tcp|ssl|ws|wss|mqtt|mqtts)$/ }).optional()),
  // The workspace Pilot 2 shows and syncs map elements in; unset → a UUID derived from STATION_NAME.
  DJI_WORKSPACE_ID: z.preprocess(emptyAsUndefined, z.uuid().optional()),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
});

export interface Config {
  databaseUrl: string | undefined;
  mqttUrl: string | undefined;
  mqttPublicUrl: string | undefined;
  dataDir: string;
  role: 'all' | 'server' | 'bridge' | undefined;
  port: number;
  host: string;
  /** Set → must get exactly this port; unset → 1883 or the next free one. */
  embeddedMqttPort: number | undefined;
  /** Set → the MAVLink listener must get exactly this UDP port; unset → 14550 or the next free one. */
  mavlinkUdpPort: number | undefined;
  video: VideoSettings;
  /**
   * DJI Cloud API platform settings (docks' `config` answer, Lookout's Pilot 2 page and map elements): the app and
   * NTP settings (App ID, Key and License empty when not configured; `license` all three or undefined), and:
   */
  dji: DjiPlatformSettings & {
    mqttUrl: string | undefined;
    workspaceId: string | undefined;
    /** The local Mosquitto's wanted port (embedded default only). */
    mqttPort: number;
  };
  /**
   * Admin credentials of the dynamic-security plugin of the Mosquitto at MQTT_URL: a pilot's new credentials are
   * created there before `/dji/connect` answers. Unset → the broker learns them from `mosquitto-sync`.
   */
  dynsecAdmin: { username: string; password: string } | undefined;
  tls: { cert: string; key: string } | undefined;
  /** MQTT credentials of the bridge (and the server's health probe): from MQTT_URL, else MQTT_BRIDGE_USER + LOOKOUT_BRIDGE_MQTT_PASSWORD. */
  mqttBridgeUser: { username: string; password: string } | undefined;
  /** LOOKOUT_BRIDGE_MQTT_PASSWORD alone (the CLI pairs it with --bridge-user). */
  bridgeMqttPassword: string | undefined;
  adminPassword: string | undefined;
  metricsToken: string | undefined;
  sessionTtlHours: number;
  basemapUrl: string | undefined;
  basemapAttribution: string | undefined;
  /** What Lookout draws is converted to it, and what a user picks converted back to WGS-84. */
  basemapDatum: Datum;
  /** BASEMAPS: more basemaps for the switcher. */
  extraBasemaps: ExtraBasemap[];
  tiandituKey: string | undefined;
  /** TERRAIN: the terrain folder to use, `off`, or undefined (the first one built). */
  terrain: string | undefined;
  mapCenter: [number, number];
  mapZoom: number;
  staleAfterS: number;
  /** Seed demo users and run the simulator; default on for the embedded default only. */
  demo: boolean;
  /** Default lifetime of a caller location link. */
  locationLinkTtlHours: number;
  /** The public base URL for links sent by SMS (else the request's own host and protocol). */
  publicUrl: string | undefined;
  /** Bearer token of the call centre's AML push; unset → the AML route answers 404. */
  amlServiceToken: string | undefined;
  stationName: string;
  /** Tadpole: hours from the retraction to the purge of the public card and photos. */
  publicPurgeHours: number;
  /** Tadpole: days from the retraction to the purge of the case file (anonymised outcomes stay). */
  caseFileRetentionDays: number;
  /** Base64 of 32 bytes; unset → `<dataDir>/secrets.key` (db/src/secrets/secret-key.ts). */
  secretsKey: string | undefined;
  tadpoleWidenEveryS: number;
  /** Board: seconds between escalation passes (0 = off); the duty group told of a breach. */
  escalationEveryS: number;
  dutyGroupId: string | undefined;
  /** Coverage: metres of ground an officer on foot searches along his track (the walk band's swath). */
  coverageWalkWidthM: number;
  photoMaxBytes: number;
  photoLinkTtlHours: number;
  /** Accepted tips per sender address and alert per 10 minutes. */
  tipRatePer10Min: number;
  /**
   * express's `trust proxy`: false, a hop count, or the proxies' addresses. When set, the client address (rate
   * limits, login lockouts, audit) is read from X-Forwarded-For as far as the trusted proxies vouch for it.
   */
  trustProxy: false | number | string[];
  /** Origins besides the vendors' own that serve the robot webhook paths (a local stand-in for tests). */
  robotExtraOrigins: string[];
  /** Unset: SMS to liaisons goes to `<dataDir>/sms-outbox.jsonl`, labelled "SMS sink, not sent". */
  smsGateway: { url: string; token?: string; ratePerSecond: number } | undefined;
  /** Failed-login limits (server/src/auth/auth.service.ts) and the bound on concurrent argon2 work. */
  loginLimits: {
    freeFailures: number;
    maxDelayS: number;
    addressDailyFailures: number;
    failureMemoryS: number;
    /** Unset: the core count. */
    hashConcurrency: number | undefined;
    hashMaxWaiting: number;
  };
  liveSessionRecheckMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export interface VideoSettings {
  media: 'embedded' | 'nginx-rtmp' | 'none';
  /** The embedded RTMP listener's port (0: any free one). */
  rtmpPort: number;
  /** `rtmp://host:port/live` as drones reach it; unset → the host name the browser used and `rtmpPort`. */
  rtmpUrl: string | undefined;
  /** An external media server's HTTP base for playback (nginx-rtmp: its HLS location). */
  playUrl: string | undefined;
  /** The secret an external media server's callbacks carry (required with one). */
  hookToken: string | undefined;
  /** nginx-rtmp's statistics page: a stream whose bytes stop growing shows as stalled; unset → no stall watch. */
  statUrl: string | undefined;
  playTtlS: number;
  /** A publisher that drops may come back within this many seconds and its viewers stay (then: ended). */
  reconnectGraceS: number;
  /** All recordings together stay under this many bytes (oldest segments go first). */
  recordMaxBytes: number;
  /** A recording is cut into files of this many seconds (or 256 MB), each playable on its own. */
  recordSegmentS: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function bridgeUser(
  mqttUrl: string | undefined,
  user: string | undefined,
  password: string | undefined,
): Config['mqttBridgeUser'] {
  if (mqttUrl) {
    const u = new URL(mqttUrl);
    if (u.username && u.password) {
      return { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
    }
  }
  return user && password ? { username: user, password } : undefined;
}

/** Parse the environment once at boot; every bad key is listed. Nothing else reads `process.env`. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const dji = parseDjiPlatformEnv(env);
  if (!parsed.success || !dji.ok) {
    throw new ConfigError([
      ...(parsed.error?.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`) ?? []),
      ...(dji.ok ? [] : dji.issues),
    ]);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (Boolean(e.TLS_CERT) !== Boolean(e.TLS_KEY)) problems.push('TLS_CERT and TLS_KEY must be set together');
  if (Boolean(e.MQTT_DYNSEC_USER) !== Boolean(e.MQTT_DYNSEC_PASSWORD))
    problems.push('MQTT_DYNSEC_USER and MQTT_DYNSEC_PASSWORD must be set together');
  if (e.MQTT_DYNSEC_USER && !e.MQTT_URL)
    problems.push('MQTT_DYNSEC_USER needs MQTT_URL: the dynamic-security plugin is that Mosquitto’s');
  if (e.VIDEO_MEDIA === 'nginx-rtmp' && !e.VIDEO_HOOK_TOKEN)
    problems.push('VIDEO_MEDIA=nginx-rtmp needs VIDEO_HOOK_TOKEN: the media server proves its callbacks with it');
  if (problems.length) throw new ConfigError(problems);
  return {
    databaseUrl: e.DATABASE_URL,
    mqttUrl: e.MQTT_URL,
    mqttPublicUrl: e.MQTT_PUBLIC_URL,
    dataDir: path.resolve(e.LOOKOUT_DATA_DIR),
    role: e.LOOKOUT_ROLE,
    port: e.PORT,
    host: e.HOST,
    embeddedMqttPort: e.EMBEDDED_MQTT_PORT,
    mavlinkUdpPort: e.MAVLINK_UDP_PORT,
    tls: e.TLS_CERT && e.TLS_KEY ? { cert: e.TLS_CERT, key: e.TLS_KEY } : undefined,
    mqttBridgeUser: bridgeUser(e.MQTT_URL, e.MQTT_BRIDGE_USER, e.LOOKOUT_BRIDGE_MQTT_PASSWORD),
    bridgeMqttPassword: e.LOOKOUT_BRIDGE_MQTT_PASSWORD,
    adminPassword: e.LOOKOUT_ADMIN_PASSWORD,
    metricsToken: e.METRICS_TOKEN,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    basemapUrl: e.BASEMAP_URL,
    basemapAttribution: e.BASEMAP_ATTRIBUTION,
    basemapDatum: e.BASEMAP_DATUM,
    extraBasemaps: e.BASEMAPS,
    tiandituKey: e.TIANDITU_KEY,
    terrain: e.TERRAIN,
    mapCenter: e.MAP_CENTER,
    mapZoom: e.MAP_ZOOM,
    staleAfterS: e.STALE_AFTER_S,
    demo: e.DEMO ?? (!e.DATABASE_URL && !e.MQTT_URL),
    locationLinkTtlHours: e.LOCATION_LINK_TTL_HOURS,
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ''),
    amlServiceToken: e.AML_SERVICE_TOKEN,
    stationName: e.STATION_NAME,
    publicPurgeHours: e.PUBLIC_PURGE_HOURS,
    caseFileRetentionDays: e.CASE_FILE_RETENTION_DAYS,
    secretsKey: e.SECRETS_KEY,
    tadpoleWidenEveryS: e.TADPOLE_WIDEN_EVERY_S,
    escalationEveryS: e.ESCALATION_EVERY_S,
    dutyGroupId: e.DUTY_GROUP_ID,
    coverageWalkWidthM: e.COVERAGE_WALK_WIDTH_M,
    photoMaxBytes: e.PHOTO_MAX_BYTES,
    photoLinkTtlHours: e.PHOTO_LINK_TTL_HOURS,
    tipRatePer10Min: e.TIP_RATE_PER_10MIN,
    trustProxy: e.TRUST_PROXY ?? false,
    video: {
      media: e.VIDEO_MEDIA,
      rtmpPort: e.RTMP_PORT,
      rtmpUrl: e.VIDEO_RTMP_URL?.replace(/\/$/, ''),
      playUrl: e.VIDEO_PLAY_URL?.replace(/\/$/, ''),
      hookToken: e.VIDEO_HOOK_TOKEN,
      statUrl: e.VIDEO_STAT_URL,
      playTtlS: e.VIDEO_PLAY_TTL_S,
      reconnectGraceS: e.VIDEO_RECONNECT_GRACE_S,
      recordMaxBytes: e.VIDEO_RECORD_MAX_MB * 1024 * 1024,
      recordSegmentS: e.VIDEO_RECORD_SEGMENT_S,
    },
    robotExtraOrigins: (e.ROBOT_EXTRA_ORIGINS ?? []).map((o) => new URL(o).origin),
    smsGateway: e.SMS_GATEWAY_URL
      ? {
          url: e.SMS_GATEWAY_URL,
          ...(e.SMS_GATEWAY_TOKEN ? { token: e.SMS_GATEWAY_TOKEN } : {}),
          ratePerSecond: e.SMS_GATEWAY_RATE_PER_S,
        }
      : undefined,
    loginLimits: {
      freeFailures: e.LOGIN_FREE_FAILURES,
      maxDelayS: Math.round(e.LOGIN_MAX_DELAY_MIN * 60),
      addressDailyFailures: e.LOGIN_ADDR_DAILY_FAILURES,
      failureMemoryS: Math.round(e.LOGIN_FAILURE_MEMORY_H * 3600),
      hashConcurrency: e.LOGIN_HASH_CONCURRENCY,
      hashMaxWaiting: e.LOGIN_HASH_QUEUE,
    },
    liveSessionRecheckMs: e.LIVE_SESSION_RECHECK_S * 1000,
    dji: {
      ...dji.settings,
      mqttPort: e.DJI_MQTT_PORT,
      mqttUrl: e.DJI_MQTT_URL,
      workspaceId: e.DJI_WORKSPACE_ID,
    },
    dynsecAdmin:
      e.MQTT_DYNSEC_USER && e.MQTT_DYNSEC_PASSWORD
        ? { username: e.MQTT_DYNSEC_USER, password: e.MQTT_DYNSEC_PASSWORD }
        : undefined,
    logLevel: e.LOG_LEVEL,
  };
}
