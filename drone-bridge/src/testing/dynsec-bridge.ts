import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { startBridge, type Bridge } from '../bridge.ts';
import { startDynsecSync, type DynsecSync } from '../mosquitto/dynsec-sync.ts';

/**
 * A bridge over MQTT 5 on a Mosquitto with the dynamic-security plugin, keeping DJI access there through a sync
 * that runs after every topology and every `intervalMs`.
 */
export async function startDynsecBridge(options: {
  database: Database;
  url: string;
  admin: { username: string; password: string };
  bridgeUser: { username: string; password: string };
  log: Logger;
  intervalMs: number;
}): Promise<{ sync: DynsecSync; bridge: Bridge }> {
  const { database, url, log } = options;
  const sync = await startDynsecSync({
    database,
    url,
    admin: options.admin,
    clientId: `dynsec-${randomUUID().slice(0, 8)}`,
    log,
    intervalMs: options.intervalMs,
  });
  const bridge = startBridge({
    database,
    mqttUrl: url,
    ...options.bridgeUser,
    clientId: `bridge-${randomUUID().slice(0, 8)}`,
    shared: true,
    protocolVersion: 5,
    log,
    registry: new Registry(),
    onDjiTopologyChanged: () => sync.sync(),
  });
  await bridge.ready;
  return { sync, bridge };
}
