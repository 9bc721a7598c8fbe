import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import WebSocket from 'ws';
import { freePort } from '../src/net/tcp-port.ts';
import { cpuMsOfPid } from './lib.ts';

export interface WsProbe {
  /** Positions of bench drones seen on the socket. */
  received(): number;
  /** publish → seen on the socket, ms, ascending (publish time = the fix's `t`). */
  latencies(): number[];
  cpuMs(): number;
  /** Forget the latencies seen so far (between phases). */
  reset(): void;
  close(): Promise<void>;
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The server as its own process (`server/src/main.ts server`, as `npm run start:server` runs it) on the same
 * PostgreSQL, a throwaway user logged in, and one client on the live socket reading `positions`. PostgreSQL only:
 * PGlite cannot be shared with a second process.
 */
export async function startWsProbe(o: {
  database: Database;
  log: Logger;
  droneIds: ReadonlySet<string>;
  databaseUrl?: string;
}): Promise<WsProbe> {
  if (o.database.kind !== 'postgres') throw new Error('the live server needs its own process; PGlite cannot be shared');
  const entry = path.join(root, 'server/src/main.ts');
  if (!existsSync(entry)) throw new Error('server/src/main.ts does not exist yet');
  const argon2 = (await import('argon2')).default;
  const username = `bench-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  const hash = await argon2.hash(password, { type: argon2.argon2id });
  await o.database.query(
    `insert into users (username, display_name, password_hash, roles) values ($1, $1, $2, '{commander}')`,
    [username, hash],
  );

  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry, 'server'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: o.databaseUrl ?? process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1/test',
      MQTT_URL: process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const cleanupUser = () =>
    o.database.query('delete from users where username = $1', [username]).catch(() => undefined);
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const up = await fetch(`${base}/api/v1/health`).then(
        () => true,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error('server did not answer within 30 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/live`, {
      headers: { cookie },
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    let lat: number[] = [];
    ws.on('message', (data) => {
      const now = Date.now();
      let msg: { type?: string; positions?: { droneId: string; t: string }[] };
      try {
        msg = JSON.parse(data.toString()) as typeof msg;
      } catch {
        return;
      }
      if (msg.type !== 'positions' || !Array.isArray(msg.positions)) return;
      for (const p of msg.positions) if (o.droneIds.has(p.droneId)) lat.push(now - Date.parse(p.t));
    });
    ws.send(JSON.stringify({ type: 'resume', after: null }));
    const pid = child.pid!;
    return {
      received: () => lat.length,
      latencies: () => [...lat].sort((a, b) => a - b),
      cpuMs: () => cpuMsOfPid(pid),
      reset: () => {
        lat = [];
      },
      async close() {
        ws.close();
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        await cleanupUser();
      },
    };
  } catch (err) {
    child.kill('SIGTERM');
    await cleanupUser();
    throw err;
  }
}
