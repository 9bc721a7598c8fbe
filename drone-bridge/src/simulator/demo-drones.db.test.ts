import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { verifyDroneSecret } from '../credentials.ts';
import { demoDronesFile, ensureDemoDrones } from './demo-drones.ts';
import { demoDronesRepo } from './demo-drones.repo.ts';

const log = pino({ level: 'silent' });
let database: Database;
const dirs: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const freshDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'lookout-sim-'));
  dirs.push(d);
  return d;
};
const wanted = () => {
  const tag = randomUUID().slice(0, 8);
  return [
    { id: `t-${tag}-1`, callsign: `测试-${tag}-1` },
    { id: `t-${tag}-2`, callsign: `测试-${tag}-2` },
  ];
};

describe('ensureDemoDrones', () => {
  it('creates the drones with hashed credentials and keeps the passwords in demo-drones.json', async () => {
    const dir = freshDir();
    const w = wanted();
    const got = await ensureDemoDrones(database, dir, w, log);
    expect(got.map((d) => d.id)).toEqual(w.map((d) => d.id));
    const row = await demoDronesRepo(database).findById(w[0]!.id);
    expect(row?.credentialHash).toMatch(/^\$7\$/);
    expect(await verifyDroneSecret(got[0]!.password, row!.credentialHash)).toBe(true);
    const saved = JSON.parse(readFileSync(demoDronesFile(dir), 'utf8')) as {
      drones: { password: string }[];
    };
    expect(saved.drones.map((d) => d.password)).toEqual(got.map((d) => d.password));
  });

  it('reuses the saved passwords on a restart', async () => {
    const dir = freshDir();
    const w = wanted();
    const first = await ensureDemoDrones(database, dir, w, log);
    const second = await ensureDemoDrones(database, dir, w, log);
    expect(second).toEqual(first);
  });

  it('gives an existing drone a new password when the saved one is lost', async () => {
    const w = wanted();
    const first = await ensureDemoDrones(database, freshDir(), w, log);
    const again = await ensureDemoDrones(database, freshDir(), w, log);
    expect(again[0]!.id).toBe(first[0]!.id);
    expect(again[0]!.password).not.toBe(first[0]!.password);
    const row = await demoDronesRepo(database).findById(w[0]!.id);
    expect(await verifyDroneSecret(again[0]!.password, row!.credentialHash)).toBe(true);
    expect(await verifyDroneSecret(first[0]!.password, row!.credentialHash)).toBe(false);
  });
});
