import { readFile, writeFile, mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import { createDroneCredentials, verifyDroneSecret } from '../credentials.ts';
import { demoDronesRepo } from './demo-drones.repo.ts';

export interface DemoDrone {
  id: string;
  callsign: string;
  password: string;
}

interface DemoFile {
  drones: DemoDrone[];
}

/** `<dataDir>/demo-drones.json`: the demo drones' plaintext passwords (the database keeps only the hash). */
export function demoDronesFile(dataDir: string): string {
  return path.join(dataDir, 'demo-drones.json');
}

async function readDemoFile(file: string): Promise<DemoDrone[]> {
  try {
    const body = JSON.parse(await readFile(file, 'utf8')) as Partial<DemoFile>;
    return Array.isArray(body.drones)
      ? body.drones.filter(
          (d) => typeof d?.id === 'string' && typeof d.callsign === 'string' && typeof d.password === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

/**
 * Make sure the wanted demo drones exist with credentials whose password we know: reuse the saved password when
 * it still matches the stored hash, otherwise create the drone or give it a new password, and save them all.
 */
export async function ensureDemoDrones(
  database: Database,
  dataDir: string,
  wanted: ReadonlyArray<{ id: string; callsign: string }>,
  log: Logger,
): Promise<DemoDrone[]> {
  const repo = demoDronesRepo(database);
  const file = demoDronesFile(dataDir);
  const saved = new Map((await readDemoFile(file)).map((d) => [d.callsign, d]));
  const out: DemoDrone[] = [];
  for (const w of wanted) {
    const row = (await repo.findByCallsign(w.callsign)) ?? (await repo.findById(w.id));
    const known = saved.get(w.callsign);
    if (
      row &&
      known &&
      known.id === row.id &&
      !row.disabled &&
      (await verifyDroneSecret(known.password, row.credentialHash))
    ) {
      out.push(known);
      continue;
    }
    const creds = await createDroneCredentials();
    if (row) {
      await repo.rekey(row.id, creds.hash);
      log.info({ drone: row.id, callsign: row.callsign }, 'demo drone given a new password');
      out.push({
        id: row.id,
        callsign: row.callsign,
        password: creds.password,
      });
    } else {
      await repo.insert(w.id, w.callsign, creds.hash);
      log.info({ drone: w.id, callsign: w.callsign }, 'demo drone created');
      out.push({ id: w.id, callsign: w.callsign, password: creds.password });
    }
  }
  const all = new Map(saved);
  for (const d of out) all.set(d.callsign, d);
  await mkdir(dataDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify({ drones: [...all.values()] } satisfies DemoFile, null, 2), { mode: 0o600 });
  await rename(tmp, file);
  return out;
}
