import { hostname as osHostname } from 'node:os';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { createLogger, DataDirLockedError, loadSecretKey, openDb, type Database } from '@lookout/db';
import {
  MavlinkPortInUseError,
  PortInUseError,
  startBridge,
  startMavlinkListener,
  startMavlinkSimDrone,
  startEmbeddedBroker,
  startSimulator,
  findMosquitto,
  startLocalMosquitto,
  ensureDemoDjiPilot,
  startDjiGatewaySim,
  startDynsecSync,
  type DynsecSync,
  type LocalMosquitto,
  type Bridge,
  type EmbeddedBroker,
  type MavlinkListener,
  type MavlinkSimDrone,
  type Simulator,
} from '@lookout/drone-bridge';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { SCENARIO_DRONE, startLostHikersScenario } from './demo/lost-hikers-scenario.ts';
import { startDemoVideo } from './demo/demo-video.ts';
import { importDemoPlaces } from './demo/demo-places.ts';
import { startHttpServer, type RunningHttpServer } from './http/server.ts';
import { startFoundChildScenario } from './tadpole/demo/found-child-scenario.ts';
import { createMetrics } from './metrics/metrics.ts';
import { redactUrl, startMqttProbe } from './system/mqtt-probe.ts';
import type { Health } from './system/system.service.ts';
import { createUsersRepo } from './users/users.repo.ts';
import { createUsersService, type Account } from './users/users.service.ts';

const DEFAULT_MQTT_PORT = 1883;

/** The lines operators and outside checks read; logs go to stderr, these to stdout. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const isLoopback = (host: string) => ['localhost', '127.0.0.1', '::1', '[::1]', '0.0.0.0'].includes(host);

/** The broker URL a drone should be given, seen from the browser that registers it. */
function brokerUrlFor(brokerUrl: string) {
  return (requestHost: string): string => {
    const u = new URL(redactUrl(brokerUrl));
    if (isLoopback(u.hostname) && requestHost) u.hostname = requestHost;
    return u.toString().replace(/\/$/, '');
  };
}

interface Parts {
  scenario?: { stop(): Promise<void> };
  /** The demo drone's test-pattern camera (ffmpeg). */
  demoVideo?: { stop(): Promise<void> };
  tadpoleDemo?: { stop(): Promise<void> };
  /** The delivery worker, widening, derived steps and purges. */
  tadpoleJobs?: { stop(): Promise<void> };
  /** The coverage worker: new fixes and officers' positions into their cases' covered ground. */
  coverageWorker?: { stop(): Promise<void> };
  http?: RunningHttpServer;
  simulator?: Simulator;
  mavlinkDrone?: MavlinkSimDrone;
  mavlink?: MavlinkListener;
  bridge?: Bridge;
  /** DJI pilots' access in the dynamic-security plugin of the Mosquitto at MQTT_URL (MQTT_DYNSEC_USER). */
  dynsecSync?: DynsecSync;
  probe?: { close(): Promise<void> };
  broker?: EmbeddedBroker;
  /** The machine's Mosquitto for DJI devices (MQTT 5), and the bridge reading it. */
  djiBroker?: LocalMosquitto;
  djiBridge?: Bridge;
  djiSimulator?: { stop(): Promise<void> };
  database?: Database;
}

async function shutdown(parts: Parts, log: Logger): Promise<void> {
  const steps: [string, (() => Promise<void>) | undefined][] = [
    ['demo scenario', parts.scenario && (() => parts.scenario!.stop())],
    ['demo video', parts.demoVideo && (() => parts.demoVideo!.stop())],
    ['tadpole demo', parts.tadpoleDemo && (() => parts.tadpoleDemo!.stop())],
    ['tadpole worker and jobs', parts.tadpoleJobs && (() => parts.tadpoleJobs!.stop())],
    ['coverage worker', parts.coverageWorker && (() => parts.coverageWorker!.stop())],
    ['http', parts.http && (() => parts.http!.close())],
    ['simulator', parts.simulator && (() => parts.simulator!.stop())],
    ['MAVLink demo drone', parts.mavlinkDrone && (() => parts.mavlinkDrone!.stop())],
    ['MAVLink listener', parts.mavlink && (() => parts.mavlink!.close())],
    ['DJI demo gateway', parts.djiSimulator && (() => parts.djiSimulator!.stop())],
    ['bridge', parts.bridge && (() => parts.bridge!.stop())],
    ['dynamic-security sync', parts.dynsecSync && (() => parts.dynsecSync!.close())],
    ['DJI bridge', parts.djiBridge && (() => parts.djiBridge!.stop())],
    ['DJI broker', parts.djiBroker && (() => parts.djiBroker!.close())],
    ['mqtt probe', parts.probe && (() => parts.probe!.close())],
    ['broker', parts.broker && (() => parts.broker!.close())],
    ['database', parts.database && (() => parts.database!.close())],
  ];
  for (const [name, step] of steps) {
    if (!step) continue;
    try {
      await step();
    } catch (err) {
      log.warn({ err }, `shutdown: ${name} did not close cleanly`);
    }
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const mode = process.argv.includes('server') || config.role === 'server' ? 'server' : 'all';
  const log = createLogger({
    level: config.logLevel,
    base: { service: 'lookout' },
    // Session tokens and the metrics token never reach the logs.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    fd: 2,
  });

  if (mode === 'server' && (!config.databaseUrl || !config.mqttUrl)) {
    fail(
      'Server mode runs against real services: set DATABASE_URL and MQTT_URL (or run `npm start` for the embedded default).',
    );
  }

  const t0 = performance.now();
  const since = () => Math.round(performance.now() - t0);
  const parts: Parts = {};
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    shutdown(parts, log).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  try {
    // Database: PGlite under LOOKOUT_DATA_DIR unless DATABASE_URL is set; migrations run on open.
    try {
      parts.database = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    } catch (err) {
      if (err instanceof DataDirLockedError) fail(err.message);
      throw err;
    }
    const database = parts.database;
    log.info({ ms: since(), kind: database.kind }, 'database open');

    const seeded = await createUsersService(createUsersRepo(database)).seed({
      adminPassword: config.adminPassword,
      demo: config.demo,
    });

    const registry = new Registry();
    const metrics = createMetrics(registry, { defaultMetrics: true });

    // MQTT: the embedded broker unless MQTT_URL points at a real one.
    let brokerUrl: string;
    let brokerNote = '';
    let djiBrokerLine: string | undefined;
    let mqttStatus: () => Health;
    if (mode === 'all') {
      let bridgeCreds: { username?: string | undefined; password?: string | undefined };
      if (config.mqttUrl) {
        brokerUrl = redactUrl(config.mqttUrl);
        bridgeCreds = config.mqttBridgeUser ?? {};
      } else {
        const strictPort = config.embeddedMqttPort !== undefined;
        const wanted = config.embeddedMqttPort ?? DEFAULT_MQTT_PORT;
        try {
          parts.broker = await startEmbeddedBroker({
            database,
            port: wanted,
            strictPort,
            log,
            registry,
          });
        } catch (err) {
          if (err instanceof PortInUseError) fail(`${err.message}.`);
          throw err;
        }
        brokerUrl = parts.broker.url;
        if (parts.broker.port !== wanted)
          brokerNote = ` (port ${wanted} is taken, e.g. by a local Mosquitto; using ${parts.broker.port})`;
        bridgeCreds = parts.broker.bridgeUser;
      }
      const embeddedBroker = parts.broker;
      // A station's own Mosquitto with the dynamic-security plugin: this process's bridge keeps DJI pilots' topics
      // there, as `npm run start:bridge` does.
      if (config.mqttUrl && config.dynsecAdmin) {
        parts.dynsecSync = await startDynsecSync({
          database,
          url: brokerUrl,
          admin: config.dynsecAdmin,
          clientId: `lookout-bridge-${osHostname()}-dynsec`,
          log,
        });
      }
      const dynsecSync = parts.dynsecSync;
      parts.bridge = startBridge({
        database,
        mqttUrl: brokerUrl,
        username: bridgeCreds.username,
        password: bridgeCreds.password,
        clientId: `lookout-bridge-${osHostname()}`,
        log,
        registry,
        djiConfig: config.dji,
        onDjiTopologyChanged: embeddedBroker
          ? () => embeddedBroker.refreshDji()
          : dynsecSync
            ? () => dynsecSync.sync()
            : undefined,
      });
      await Promise.race([
        parts.bridge.ready,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error(`the bridge could not reach ${brokerUrl}`)), 15_000).unref(),
        ),
      ]);
      log.info({ ms: since() }, 'broker and bridge up');
      if (!config.mqttUrl) {
        // DJI devices speak MQTT 5, which aedes does not: run the machine's Mosquitto for them when installed.
        if (findMosquitto()) {
          const djiBroker = await startLocalMosquitto({
            database,
            dataDir: config.dataDir,
            port: config.dji.mqttPort,
            log,
          });
          parts.djiBroker = djiBroker;
          parts.djiBridge = startBridge({
            database,
            mqttUrl: djiBroker.url,
            ...djiBroker.bridgeUser,
            clientId: `lookout-bridge-dji-${osHostname()}`,
            protocolVersion: 5,
            log,
            registry: new Registry(),
            djiConfig: config.dji,
            onDjiTopologyChanged: () => djiBroker.syncAuth(),
          });
          await parts.djiBridge.ready;
          djiBrokerLine = `DJI (MQTT 5): ${djiBroker.url} — Mosquitto; DJI Pilot 2 and docks connect here`;
        } else {
          djiBrokerLine =
            'DJI: devices need MQTT 5, which the embedded broker cannot serve; install mosquitto (apt install mosquitto) or set MQTT_URL to an MQTT 5 broker';
        }
      }
      const bridge = parts.bridge;
      mqttStatus = () => (bridge.isConnected() ? 'ok' : 'down');
      const secretKey = loadSecretKey({ secretsKey: config.secretsKey, dataDir: config.dataDir });
      try {
        parts.mavlink = await startMavlinkListener({
          database,
          port: config.mavlinkUdpPort,
          strictPort: config.mavlinkUdpPort !== undefined,
          secretKey,
          log,
          registry,
        });
      } catch (err) {
        if (err instanceof MavlinkPortInUseError) throw new StartError(`${err.message}.`);
        throw err;
      }
      if (config.demo) {
        parts.simulator = await startSimulator({ database, mqttUrl: brokerUrl, dataDir: config.dataDir, log });
        parts.mavlinkDrone = await startMavlinkSimDrone({ database, secretKey, port: parts.mavlink.port, log });
        // A DJI dock with its aircraft, on the DJI broker (MQTT 5) when there is one, else on the embedded one.
        const djiLogin = await ensureDemoDjiPilot(database);
        if (djiLogin) {
          if (parts.djiBroker) await parts.djiBroker.syncAuth();
          else await parts.broker?.refreshDji();
          parts.djiSimulator = await startDjiGatewaySim({
            url: parts.djiBroker?.url ?? brokerUrl,
            ...djiLogin,
            protocolVersion: parts.djiBroker ? 5 : 4,
            log,
          });
        }
      }
    } else {
      brokerUrl = redactUrl(config.mqttUrl!);
      const probe = startMqttProbe(config.mqttUrl!, config.mqttBridgeUser, log);
      parts.probe = probe;
      mqttStatus = probe.status;
    }

    parts.http = await startHttpServer({
      database,
      config,
      log,
      registry,
      metrics,
      mqttStatus,
      brokerUrlFor: config.mqttPublicUrl ? () => redactUrl(config.mqttPublicUrl!) : brokerUrlFor(brokerUrl),
      djiBroker: parts.djiBroker
        ? { urlFor: brokerUrlFor(parts.djiBroker.url), credentialsChanged: () => parts.djiBroker!.syncAuth() }
        : parts.broker
          ? { urlFor: brokerUrlFor(brokerUrl), credentialsChanged: () => parts.broker!.refreshDji() }
          : undefined,
      djiServices: parts.djiBroker
        ? { url: parts.djiBroker.url, ...parts.djiBroker.bridgeUser, protocolVersion: 5 }
        : parts.broker
          ? { url: parts.broker.url, ...parts.broker.bridgeUser, protocolVersion: 4 }
          : config.mqttUrl
            ? { url: config.mqttUrl, ...config.mqttBridgeUser, protocolVersion: 5 }
            : undefined,
      port: config.port,
      host: config.host,
      tls: config.tls,
    }).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new StartError(`HTTP port ${config.port} is already in use; set PORT to another port.`);
      }
      throw err;
    });

    // The delivery worker and the widening/purge tick (server/src/tadpole/tadpole-module.ts).
    parts.http.services.tadpole.start();
    parts.tadpoleJobs = parts.http.services.tadpole;
    // The coverage worker (server/src/search-coverage/coverage-worker.ts): one pass a second while fixes arrive.
    parts.http.services.coverage.worker.start();
    parts.coverageWorker = parts.http.services.coverage.worker;

    if (mode === 'all' && config.demo) {
      await importDemoPlaces(parts.http.services.places, log);
      // The demo story: a found child on 花都路, community groups around, an active alert with tips.
      parts.tadpoleDemo = startFoundChildScenario({
        database,
        tadpole: parts.http.services.tadpole,
        baseUrl: config.publicUrl ?? parts.http.url,
        log,
      });
      // The demo story: a case, the caller's fix, a drone sighting, an officer walking up (docs in the module).
      parts.scenario = startLostHikersScenario({
        database,
        services: parts.http.services.caseServices,
        mqttUrl: brokerUrl,
        dataDir: config.dataDir,
        baseUrl: parts.http.url,
        log,
      });
      parts.demoVideo = startDemoVideo({ video: parts.http.services.video, droneId: SCENARIO_DRONE.id, log });
    }
    log.info({ ms: since() }, 'ready');
    say(`Lookout ready: ${parts.http.url}`);
    say(`MQTT: ${brokerUrl}${brokerNote}`);
    const media = parts.http.services.video.media();
    say(
      media
        ? `Video (RTMP in): rtmp://localhost:${media.port}/live — a stream key per drone; played through ${parts.http.url}`
        : `Video: no embedded media server (VIDEO_MEDIA=${config.video.media}${config.video.media === 'embedded' ? `, RTMP port ${config.video.rtmpPort} taken` : ''})`,
    );
    if (parts.mavlink) say(`MAVLink: ${parts.mavlink.url}`);
    if (djiBrokerLine) say(djiBrokerLine);
    const accounts: Account[] = [...(seeded.generatedAdmin ? [seeded.generatedAdmin] : []), ...seeded.demo];
    for (const a of accounts) say(`${a.username} / ${a.password} / ${a.roles.join(',')}`);
    if (seeded.generatedAdmin) say('(the admin password is shown only this once)');
  } catch (err) {
    if (err instanceof StartError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      log.fatal({ err }, 'Lookout could not start');
      process.stderr.write(`Lookout could not start: ${(err as Error).message}\n`);
    }
    stopping = true;
    await shutdown(parts, log);
    process.exit(1);
  }
}

class StartError extends Error {}

await main();
