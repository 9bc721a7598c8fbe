import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { parseDjiPlatformEnv, type DjiPlatformSettings } from './dji/dji-platform-env.ts';

/**
 * Environment of the standalone bridge process (`npm run start:bridge`). The only place in this package that
 * reads `process.env`; everything else gets its settings as parameters.
 */
const boolish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  MQTT_URL: z.string().regex(/^(mqtts?|tcp|ssl|wss?):\/\//, 'must be an mqtt:// URL'),
  BRIDGE_CLIENT_ID: z.string().min(1).max(128).optional(),
  BRIDGE_SHARED: boolish.optional(),
  BRIDGE_BATCH_MAX: z.coerce.number().int().min(1).max(50_000).default(2000),
  BRIDGE_BATCH_LINGER_MS: z.coerce.number().int().min(0).max(5000).default(20),
  BRIDGE_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // MAVLink over UDP: unset → 14550, or the next free port when that is taken; set → exactly that port.
  MAVLINK_UDP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // Opens the drones' sealed MAVLink signing keys: the same SECRETS_KEY as the servers'. Unset → the data
  // folder's secrets.key (made once), as on the server.
  SECRETS_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'expected base64 of 32 bytes')
    .optional(),
  // The admin client of the broker's dynamic-security plugin (Mosquitto): set both, and the bridge keeps DJI
  // pilots' topic rules there in step with the database (mosquitto/dynsec-sync.ts).
  MQTT_DYNSEC_USER: z.string().min(1).max(128).optional(),
  MQTT_DYNSEC_PASSWORD: z.string().min(1).optional(),
  LOOKOUT_DATA_DIR: z.string().default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface BridgeConfig {
  databaseUrl: string;
  /** The broker URL without credentials (safe to log). */
  mqttUrl: string;
  username: string | undefined;
  password: string | undefined;
  clientId: string;
  /** Subscribe through `$share/lookout-bridge/…` so several bridges split the load. */
  shared: boolean;
  batchMax: number;
  batchLingerMs: number;
  metricsPort: number | undefined;
  /** Set → must get exactly this port; unset → 14550 or the next free one. */
  mavlinkUdpPort: number | undefined;
  secretsKey: string | undefined;
  /** Admin credentials of Mosquitto's dynamic-security plugin, when the bridge keeps DJI access there. */
  dynsecAdmin: { username: string; password: string } | undefined;
  /** The station's DJI app and NTP settings, answered to a dock's `config` request. */
  dji: DjiPlatformSettings;
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(public readonly issues: string[]) {
    super(`Invalid environment:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parse once at boot; lists every bad key at once. */
export function loadBridgeConfig(env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  const parsed = envSchema
    .refine((e) => (e.MQTT_DYNSEC_USER === undefined) === (e.MQTT_DYNSEC_PASSWORD === undefined), {
      message: 'set both or neither',
      path: ['MQTT_DYNSEC_PASSWORD'],
    })
    .safeParse(env);
  const dji = parseDjiPlatformEnv(env);
  if (!parsed.success || !dji.ok) {
    throw new ConfigError([
      ...(parsed.error?.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`) ?? []),
      ...(dji.ok ? [] : dji.issues),
    ]);
  }
  const e = parsed.data;
  const url = new URL(e.MQTT_URL);
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.username = '';
  url.password = '';
  return {
    databaseUrl: e.DATABASE_URL,
    mqttUrl: url.toString().replace(/\/$/, ''),
    username,
    password,
    clientId: e.BRIDGE_CLIENT_ID ?? `lookout-bridge-${hostname()}`,
    // A real broker is behind MQTT_URL: share by default so a second bridge just adds capacity.
    shared: e.BRIDGE_SHARED ?? true,
    batchMax: e.BRIDGE_BATCH_MAX,
    batchLingerMs: e.BRIDGE_BATCH_LINGER_MS,
    metricsPort: e.BRIDGE_METRICS_PORT,
    mavlinkUdpPort: e.MAVLINK_UDP_PORT,
    secretsKey: e.SECRETS_KEY,
    dynsecAdmin:
      e.MQTT_DYNSEC_USER && e.MQTT_DYNSEC_PASSWORD
        ? { username: e.MQTT_DYNSEC_USER, password: e.MQTT_DYNSEC_PASSWORD }
        : undefined,
    dji: dji.settings,
    dataDir: path.resolve(e.LOOKOUT_DATA_DIR),
    logLevel: e.LOG_LEVEL,
  };
}
