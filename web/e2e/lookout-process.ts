import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { freePort, tilePng } from './harness.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Account {
  username: string;
  password: string;
  role: string;
}

/** `api('GET', '/cases')` with a session cookie: the same API the web app uses. */
export type Api = <T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: T }>;

/** A local XYZ basemap (pale tiles with visible edges); `requests` lists the tile URLs asked for. */
export async function startTileServer(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const png = tilePng([221, 233, 214]);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    res.end(png);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * `npm start`'s server (embedded PGlite + aedes + bridge + simulator) in its own process group on free ports,
 * ready when it printed `Lookout ready:` and the demo accounts of `readyRoles`.
 */
export class LookoutProcess {
  private output = '';
  baseUrl = '';
  accounts: Account[] = [];

  private constructor(private readonly child: ChildProcess) {}

  get log(): string {
    return this.output;
  }

  static async start(options: {
    dataDir: string;
    env?: Record<string, string>;
    /** Ready once these demo accounts are printed (none on a restart: they are printed once). */
    readyRoles: string[];
    timeoutMs: number;
    /** Fixed ports, to restart on the same address; free ones by default. */
    ports?: { http: number; mqtt: number };
  }): Promise<LookoutProcess> {
    const child = spawn('npx', ['tsx', 'server/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        LOOKOUT_DATA_DIR: options.dataDir,
        PORT: String(options.ports?.http ?? (await freePort())),
        EMBEDDED_MQTT_PORT: String(options.ports?.mqtt ?? (await freePort())),
        DATABASE_URL: '',
        MQTT_URL: '',
        // The embedded media server on any free RTMP port: several test servers run at once (a publish key's
        // `server` names the port).
        VIDEO_MEDIA: 'embedded',
        RTMP_PORT: '0',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const lookout = new LookoutProcess(child);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server not ready:\n${lookout.output}`)), options.timeoutMs);
      let ready = false;
      const onData = (buf: Buffer) => {
        lookout.output += buf.toString();
        const m = /Lookout ready: (\S+)/.exec(lookout.output);
        if (m) lookout.baseUrl = m[1]!.replace(/\/$/, '');
        lookout.accounts = [
          ...lookout.output.matchAll(/^\s*(\w+) \/ (\S+) \/ (pilot|officer|liaison|commander|admin)\s*$/gm),
        ].map((a) => ({ username: a[1]!, password: a[2]!, role: a[3]! }));
        if (!ready && lookout.baseUrl && options.readyRoles.every((r) => lookout.accounts.some((a) => a.role === r))) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        if (!ready) reject(new Error(`server exited with ${code}:\n${lookout.output}`));
      });
    });
    return lookout;
  }

  /** The demo account of this role printed at start-up. */
  account(role: string): Account {
    const a = this.accounts.find((x) => x.role === role);
    if (!a) throw new Error(`no ${role} account printed:\n${this.output}`);
    return a;
  }

  /** A logged-in HTTP client. */
  async api(a: Account): Promise<Api> {
    const res = await fetch(`${this.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: a.username, password: a.password }),
    });
    if (res.status !== 200) throw new Error(`login of ${a.username} answered ${res.status}`);
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return async <T>(method: string, p: string, body?: unknown) => {
      const r = await fetch(`${this.baseUrl}/api/v1${p}`, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
    };
  }

  /** Sign in through the web app's login page, then open `hash`. */
  async login(page: Page, a: Account, hash = ''): Promise<void> {
    await page.goto(`${this.baseUrl}/${hash}`);
    await page.locator('input[name=username]').fill(a.username);
    await page.locator('input[name=password]').fill(a.password);
    await page.locator('button[type=submit]').click();
  }

  /** SIGTERM to the process group (npx → tsx → node), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    process.kill(-child.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
    // npx may exit before its grandchildren (the server and the DJI Mosquitto it runs): wait for the whole group,
    // so nothing still writes the data folder when the test removes it.
    const deadline = Date.now() + 15_000;
    while (groupAlive(child.pid)) {
      if (Date.now() > deadline) {
        signalGroup(child.pid, 'SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Whether the signal reached a process of the group (signal 0 only asks). */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a live (not zombie) process of the group remains. Signal 0 would also count zombies, and this sandbox's
 * PID 1 does not reap the orphans it inherits.
 */
function groupAlive(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so read after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}
