import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import mqtt from 'mqtt';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../net/tcp-port.ts';
import { hasMosquitto } from '../testing/mosquitto.ts';
import { findMosquitto, startLocalMosquitto, type LocalMosquitto } from './local-mosquitto.ts';

const log = pino({ level: 'silent' });
let database: Database;
const dirs: string[] = [];
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lookout-local-mosquitto-'));
  dirs.push(dir);
  return dir;
};

describe.skipIf(!hasMosquitto())('startLocalMosquitto', () => {
  it('gives each of several Lookouts started at once on the same wanted port its own broker', async () => {
    const wanted = await freePort();
    const brokers: LocalMosquitto[] = await Promise.all(
      [1, 2, 3].map(() => startLocalMosquitto({ database, dataDir: dataDir(), port: wanted, log })),
    );
    try {
      expect(new Set(brokers.map((b) => b.port)).size).toBe(3);
      // Each answers its own bridge user: the URL is that process's broker, not a neighbour's on the port.
      for (const broker of brokers) {
        const client = await mqtt.connectAsync(broker.url, {
          ...broker.bridgeUser,
          clientId: `probe-${broker.port}`,
          protocolVersion: 5,
          reconnectPeriod: 0,
        });
        await client.endAsync();
      }
    } finally {
      await Promise.all(brokers.map((b) => b.close()));
    }
  });

  it('moves to the next port when another process takes the free one before Mosquitto binds it', async () => {
    // A stand-in for `mosquitto` whose first start has a squatter (another Mosquitto, which does not know the
    // bridge user) bind the port just before the real one tries: the race two Lookouts or tests starting at
    // once can run into.
    const dir = dataDir();
    const squatter = path.join(dir, 'squatter.pid');
    const wrapper = path.join(dir, 'mosquitto-with-squatter');
    writeFileSync(
      wrapper,
      `#!/bin/sh
port=$(awk '/^listener/ {print $2}' "$2")
if [ ! -e ${squatter} ]; then
  ${findMosquitto()} -p "$port" 2>/dev/null &
  echo $! > ${squatter}
  sleep 0.5
fi
exec ${findMosquitto()} "$@"
`,
    );
    chmodSync(wrapper, 0o755);
    const wanted = await freePort();
    let broker: LocalMosquitto | undefined;
    try {
      broker = await startLocalMosquitto({ database, dataDir: dir, port: wanted, log, binary: wrapper });
      expect(broker.port).toBeGreaterThan(wanted);
      const client = await mqtt.connectAsync(broker.url, {
        ...broker.bridgeUser,
        clientId: 'probe-after-squatter',
        protocolVersion: 5,
        reconnectPeriod: 0,
      });
      await client.endAsync();
    } finally {
      await broker?.close();
      process.kill(Number(readFileSync(squatter, 'utf8')), 'SIGTERM');
    }
  });
});
