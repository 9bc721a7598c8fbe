import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '@lookout/db';
import { generatePassword } from '../../src/credentials.ts';
import { writeMosquittoAuthFiles } from '../../src/mosquitto/auth-files.ts';
import { startTestMosquitto, type TestMosquitto } from '../../src/testing/mosquitto.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const bridgeEntry = path.join(root, 'drone-bridge/src/main.ts');

/** Fault tests need the real services: a real PostgreSQL (DATABASE_URL) and Mosquitto on the machine (MQTT_URL). */
export const realServices = Boolean(process.env.DATABASE_URL && process.env.MQTT_URL);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Our own Mosquitto (project config, persistence on) that knows every drone in the database and a bridge user. */
export async function startFaultMosquitto(database: Database): Promise<{
  mosquitto: TestMosquitto;
  bridgeUser: { username: string; password: string };
}> {
  const bridgeUser = {
    username: `fault-bridge-${randomUUID().slice(0, 8)}`,
    password: generatePassword(24),
  };
  const mosquitto = await startTestMosquitto({
    writeAuth: (files) => writeMosquittoAuthFiles(database, { ...files, bridgeUser }).then(() => undefined),
  });
  return { mosquitto, bridgeUser };
}

/**
 * The standalone bridge (`drone-bridge/src/main.ts`, what `npm run start:bridge` runs) as a child process that can
 * be SIGKILLed and started again under the same MQTT client id (so its persistent session carries over).
 */
export class BridgeProcess {
  #child: ChildProcess | undefined;
  #log = '';
  #ready = false;
  starts = 0;
  readonly clientId = `fault-bridge-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly env: {
      databaseUrl: string;
      mqttUrl: string;
      username: string;
      password: string;
      /** More environment for the bridge, e.g. `BRIDGE_SHARED: 'false'` against the embedded aedes (MQTT 3.1.1). */
      extra?: Record<string, string>;
    },
  ) {}

  start(): void {
    const url = new URL(this.env.mqttUrl);
    url.username = encodeURIComponent(this.env.username);
    url.password = encodeURIComponent(this.env.password);
    // node itself (not npx): the pid we kill is the bridge, not a wrapper.
    const child = spawn(process.execPath, ['--import', 'tsx', bridgeEntry], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: this.env.databaseUrl,
        MQTT_URL: url.toString(),
        BRIDGE_CLIENT_ID: this.clientId,
        LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? 'warn',
        ...this.env.extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => (this.#log = (this.#log + d.toString()).slice(-30_000));
    this.#ready = false;
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('MAVLink: ')) this.#ready = true;
      keep(d);
    });
    child.stderr!.on('data', keep);
    this.#child = child;
    this.starts++;
  }

  get pid(): number | undefined {
    return this.running ? this.#child!.pid : undefined;
  }

  get running(): boolean {
    return !!this.#child && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    await Promise.race([exited, sleep(10_000)]);
    this.#child = undefined;
  }

  log(): string {
    return this.#log;
  }

  /** Wait until this start of the bridge is subscribed (main.ts prints its `MAVLink:` line after the SUBACK). */
  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.#ready) {
      if (!this.running) throw new Error(`the bridge exited:\n${this.#log.slice(-4_000)}`);
      if (Date.now() > deadline) throw new Error(`the bridge did not get ready:\n${this.#log.slice(-4_000)}`);
      await sleep(50);
    }
  }
}

export function pgCluster(action: 'restart' | 'start'): void {
  execFileSync('pg_ctlcluster', ['15', 'main', action], {
    stdio: 'ignore',
    timeout: 60_000,
  });
}

export function pgIsRunning(): boolean {
  try {
    execFileSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432', '-t', '2'], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/** Make sure the cluster runs at the end of a test, whatever happened. */
export async function ensurePgRunning(): Promise<void> {
  for (let i = 0; i < 30 && !pgIsRunning(); i++) {
    try {
      pgCluster('start');
    } catch {
      // already starting
    }
    await sleep(1_000);
  }
}

/** Run `fn` until it succeeds (the database may be coming back after a restart). */
export async function retry<T>(fn: () => Promise<T>, tries = 30): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries) throw err;
      await sleep(1_000);
    }
  }
}

export interface StoredCounts {
  /** reading id → number of rows (fixes and sightings of the drone). */
  perId: Map<string, number>;
  rows: number;
  distinct: number;
}

export async function storedReadings(database: Database, droneId: string): Promise<StoredCounts> {
  const rows = await retry(() =>
    database.query<{ reading_id: string; n: number }>(
      `select reading_id::text as reading_id, count(*)::int as n from (
         select reading_id from fixes where drone_id = $1
         union all
         select reading_id from sightings where drone_id = $1) r
       group by reading_id`,
      [droneId],
    ),
  );
  const perId = new Map(rows.map((r) => [r.reading_id, Number(r.n)]));
  let total = 0;
  for (const n of perId.values()) total += n;
  return { perId, rows: total, distinct: perId.size };
}

/** Local TCP ports of the process's connections to PostgreSQL (port 5432), read from /proc. */
export function postgresClientPorts(pid: number): number[] {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) inodes.add(m[1]!);
      } catch {
        // fd closed meanwhile
      }
    }
  } catch {
    return [];
  }
  const ports: number[] = [];
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      const local = f[1]!.split(':');
      const remote = f[2]!.split(':');
      if (parseInt(remote[1]!, 16) === 5432 && inodes.has(f[9]!)) ports.push(parseInt(local[1]!, 16));
    }
  }
  return ports;
}
