import { createLogger, loadSecretKey, openDb } from '@lookout/db';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createServer } from 'node:http';
import { startBridge } from './bridge.ts';
import { ConfigError, loadBridgeConfig } from './config.ts';
import { startDynsecSync } from './mosquitto/dynsec-sync.ts';
import { MavlinkPortInUseError, startMavlinkListener, type MavlinkListener } from './mavlink/mavlink-listener.ts';

/**
 * The standalone bridge (`npm run start:bridge`): DATABASE_URL + MQTT_URL, one process per bridge; with a
 * shared subscription several of them split the load. Also listens for MAVLink on UDP (MAVLINK_UDP_PORT, default
 * 14550) and prints `MAVLink: udp://<host>:<port>`. SIGTERM/SIGINT commit and acknowledge what has arrived, then
 * exit 0. Optional BRIDGE_METRICS_PORT serves Prometheus text on /metrics.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadBridgeConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel, base: { component: 'bridge' } });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const database = await openDb({ databaseUrl: config.databaseUrl, poolMax: 4 });
  // A station's own Mosquitto: DJI pilots' topic rules in its dynamic-security plugin, kept in step from here.
  const dynsec = config.dynsecAdmin
    ? await startDynsecSync({
        database,
        url: config.mqttUrl,
        admin: config.dynsecAdmin,
        clientId: `${config.clientId}-dynsec`,
        log,
      })
    : undefined;
  const bridge = startBridge({
    database,
    mqttUrl: config.mqttUrl,
    username: config.username,
    password: config.password,
    clientId: config.clientId,
    shared: config.shared,
    log,
    registry,
    batchMax: config.batchMax,
    lingerMs: config.batchLingerMs,
    djiConfig: config.dji,
    onDjiTopologyChanged: dynsec ? () => dynsec.sync() : undefined,
  });
  let mavlink: MavlinkListener;
  try {
    mavlink = await startMavlinkListener({
      database,
      port: config.mavlinkUdpPort,
      strictPort: config.mavlinkUdpPort !== undefined,
      secretKey: loadSecretKey({ secretsKey: config.secretsKey, dataDir: config.dataDir }),
      log,
      registry,
      batchMax: config.batchMax,
      lingerMs: config.batchLingerMs,
    });
  } catch (err) {
    if (err instanceof MavlinkPortInUseError) {
      process.stderr.write(`${err.message}.\n`);
      await bridge.stop();
      await database.close();
      process.exit(1);
    }
    throw err;
  }
  const metricsServer =
    config.metricsPort === undefined
      ? undefined
      : createServer((req, res) => {
          if (req.url !== '/metrics') {
            res.writeHead(404).end();
            return;
          }
          registry.metrics().then(
            (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
            () => res.writeHead(500).end(),
          );
        }).listen(config.metricsPort);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: committing what has arrived');
    const force = setTimeout(() => {
      log.error('stop took over 20 s; exiting (uncommitted messages stay with the broker)');
      process.exit(1);
    }, 20_000);
    force.unref();
    void (async () => {
      await mavlink.close();
      await bridge.stop();
      await dynsec?.close();
      metricsServer?.close();
      await database.close();
      clearTimeout(force);
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await bridge.ready;
  log.info(
    { mqtt: config.mqttUrl, shared: config.shared, database: database.kind },
    `Lookout bridge ready: ${config.mqttUrl} as ${config.clientId}`,
  );
  process.stdout.write(`MAVLink: ${mavlink.url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bridge failed to start: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
