import { randomUUID } from 'node:crypto';
import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { startBridge, type Bridge } from '../bridge.ts';
import { startEmbeddedBroker } from '../broker/embedded-broker.ts';
import type { DjiPlatformConfig } from '../dji/dji-replies.ts';
import { writeMosquittoAuthFiles } from '../mosquitto/auth-files.ts';
import { hasMosquitto, startTestMosquitto } from './mosquitto.ts';

/** A broker DJI devices talk to, with Lookout's bridge on it. */
export interface DjiBrokerTarget {
  url: string;
  bridgeUser: { username: string; password: string };
  protocolVersion: 4 | 5;
  /** aedes dead-letters a refused publish itself; Mosquitto refuses it (PUBACK 0x87) without telling anyone. */
  brokerDeadLetters: boolean;
  /** After a credential is made (Mosquitto: rewrite the password/ACL files and reload). */
  syncAuth(): Promise<void>;
  bridge: Bridge;
  close(): Promise<void>;
}

export interface DjiBrokerTargetOptions {
  log: Logger;
  djiConfig?: DjiPlatformConfig;
}

/**
 * The brokers the DJI tests run against: the embedded aedes (MQTT 3.1.1) always, and the project's Mosquitto
 * (MQTT 5) with the generated per-pilot ACL when it is installed.
 */
export const djiBrokerTargets: {
  name: string;
  skip: boolean;
  start(database: Database, options: DjiBrokerTargetOptions): Promise<DjiBrokerTarget>;
}[] = [
  {
    name: 'embedded aedes (MQTT 3.1.1)',
    skip: false,
    async start(database, { log, djiConfig }) {
      const broker = await startEmbeddedBroker({ database, port: 0, host: '127.0.0.1', log });
      const bridge = startBridge({
        database,
        mqttUrl: broker.url,
        ...broker.bridgeUser,
        clientId: `bridge-${randomUUID()}`,
        log,
        registry: new Registry(),
        djiConfig,
        onDjiTopologyChanged: () => broker.refreshDji(),
      });
      await bridge.ready;
      return {
        url: broker.url,
        bridgeUser: broker.bridgeUser,
        protocolVersion: 4,
        brokerDeadLetters: true,
        syncAuth: () => broker.refreshDji(),
        bridge,
        async close() {
          await bridge.stop();
          await broker.close();
        },
      };
    },
  },
  {
    name: 'Mosquitto (MQTT 5) with per-pilot ACL',
    skip: !hasMosquitto(),
    async start(database, { log, djiConfig }) {
      const bridgeUser = { username: '_lookout-bridge', password: randomUUID() };
      const write = (files: { passwordFile: string; aclFile: string }) =>
        writeMosquittoAuthFiles(database, { ...files, bridgeUser }).then(() => undefined);
      const m = await startTestMosquitto({ writeAuth: write });
      const syncAuth = async () => {
        await write(m);
        await m.reload();
      };
      const bridge = startBridge({
        database,
        mqttUrl: m.url,
        ...bridgeUser,
        clientId: `bridge-${randomUUID()}`,
        shared: true,
        protocolVersion: 5,
        log,
        registry: new Registry(),
        djiConfig,
        onDjiTopologyChanged: syncAuth,
      });
      await bridge.ready;
      return {
        url: m.url,
        bridgeUser,
        protocolVersion: 5,
        brokerDeadLetters: false,
        syncAuth,
        bridge,
        async close() {
          await bridge.stop();
          await m.dispose();
        },
      };
    },
  },
];

/** Polls `probe` until it gives something other than undefined or false. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
