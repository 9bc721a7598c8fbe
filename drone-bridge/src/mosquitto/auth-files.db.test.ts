import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDroneSecret } from '../credentials.ts';
import { createTestDrone } from '../testing/drones.ts';
import { hasMosquitto, startTestMosquitto } from '../testing/mosquitto.ts';
import { topics } from '../topics.ts';
import { mosquittoAcl, writeMosquittoAuthFiles } from './auth-files.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const bridgeUser = { username: '_lookout-bridge', password: 'bridge-secret-for-tests' };

describe('writeMosquittoAuthFiles', () => {
  it('writes every enabled drone’s hash unchanged plus the bridge user, and the %u ACL', async () => {
    const on = await createTestDrone(database, 'on');
    const off = await createTestDrone(database, 'off');
    await database.query('update drones set disabled = true where id = $1', [off.id]);
    const dir = mkdtempSync(path.join(tmpdir(), 'lookout-auth-'));
    try {
      const passwordFile = path.join(dir, 'passwd');
      const aclFile = path.join(dir, 'acl');
      await writeMosquittoAuthFiles(database, { passwordFile, aclFile, bridgeUser });
      const lines = readFileSync(passwordFile, 'utf8').trim().split('\n');
      const entries = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
      const [stored] = await database.query<{ credential_hash: string }>(
        'select credential_hash from drones where id = $1',
        [on.id],
      );
      expect(entries.get(on.id)).toBe(stored!.credential_hash);
      expect(entries.has(off.id)).toBe(false);
      expect(await verifyDroneSecret(bridgeUser.password, entries.get(bridgeUser.username)!)).toBe(true);
      expect(statSync(passwordFile).mode & 0o777).toBe(0o640);
      // DJI pilots of other tests in a shared database add `user` sections; the drones' rules are the same.
      const withoutPilots = readFileSync(aclFile, 'utf8').replace(/^user (?!_lookout-bridge\n)\S+\n[\s\S]*?\n\n/gm, '');
      expect(withoutPilots).toBe(mosquittoAcl(bridgeUser.username));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps each drone to its own topics', () => {
    const acl = mosquittoAcl('_lookout-bridge');
    expect(acl).toContain('pattern write lookout/v1/drones/%u/telemetry');
    expect(acl).toContain('pattern read lookout/v1/drones/%u/acks');
    expect(acl).not.toMatch(/pattern (read)?write lookout\/v1\/drones\/\+/);
    expect(acl).toMatch(/user _lookout-bridge\ntopic readwrite lookout\/v1\/drones\/#/);
  });

  it.skipIf(!hasMosquitto())(
    'lets a drone registered with createDroneCredentials into a real Mosquitto, and no one else',
    async () => {
      const d = await createTestDrone(database, 'real');
      const m = await startTestMosquitto({
        writeAuth: (files) => writeMosquittoAuthFiles(database, { ...files, bridgeUser }).then(() => undefined),
      });
      try {
        const client = await mqtt.connectAsync(m.url, {
          clientId: d.id,
          username: d.id,
          password: d.password,
          reconnectPeriod: 0,
        });
        await client.publishAsync(topics.telemetry(d.id), '{}', { qos: 1 });
        await client.endAsync();
        await expect(
          mqtt.connectAsync(m.url, { clientId: d.id, username: d.id, password: `${d.password}x`, reconnectPeriod: 0 }),
        ).rejects.toThrow();
        await expect(mqtt.connectAsync(m.url, { clientId: 'anon', reconnectPeriod: 0 })).rejects.toThrow();
        // A drone registered after start gets in after the files are rewritten and Mosquitto reloads (SIGHUP).
        const late = await createTestDrone(database, 'late');
        await writeMosquittoAuthFiles(database, { passwordFile: m.passwordFile, aclFile: m.aclFile, bridgeUser });
        await m.reload();
        const lateClient = await mqtt.connectAsync(m.url, {
          clientId: late.id,
          username: late.id,
          password: late.password,
          reconnectPeriod: 0,
        });
        await lateClient.endAsync();
      } finally {
        await m.dispose();
      }
    },
  );
});
