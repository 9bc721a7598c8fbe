import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import { generatePassword } from '../credentials.ts';
import { canConnect, nextFreePort } from '../net/tcp-port.ts';
import { writeMosquittoAuthFiles } from './auth-files.ts';

/**
 * The machine's Mosquitto, run by `npm start` for DJI devices: DJI documents its Cloud API on MQTT 5, which the
 * embedded aedes does not speak. Mosquitto gets the project's configuration (mosquitto/lookout.conf: no
 * anonymous users, explicit queue limits) with its password and ACL files written from the database
 * (auth-files.ts: drones and DJI pilots with per-gateway rules) into the data folder, and reloads them
 * (SIGHUP) whenever a DJI topology binds a device or a pilot's credentials change.
 */
const confTemplate = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../mosquitto/lookout.conf');

export function findMosquitto(): string | undefined {
  for (const bin of ['mosquitto', '/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto']) {
    try {
      execFileSync(bin, ['-h'], { stdio: 'ignore' });
      return bin;
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { status?: number };
      // `mosquitto -h` prints its help and exits 3.
      if (e.code !== 'ENOENT' && e.status !== 127) return bin;
    }
  }
  return undefined;
}

export interface LocalMosquitto {
  url: string;
  port: number;
  bridgeUser: { username: string; password: string };
  /** Rewrite the password and ACL files from the database and reload Mosquitto. */
  syncAuth(): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalMosquitto(options: {
  database: Database;
  dataDir: string;
  /** Wanted port; the next free one when taken. */
  port: number;
  host?: string;
  log: Logger;
  binary?: string;
}): Promise<LocalMosquitto> {
  const log = options.log.child({ module: 'local-mosquitto' });
  const binary = options.binary ?? findMosquitto();
  if (!binary) throw new Error('mosquitto is not installed');
  const dir = path.join(options.dataDir, 'mosquitto');
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  const passwordFile = path.join(dir, 'passwords');
  const aclFile = path.join(dir, 'acl');
  const bridgeUser = { username: '_lookout-bridge', password: generatePassword(24) };
  const writeAuth = () => writeMosquittoAuthFiles(options.database, { passwordFile, aclFile, bridgeUser });
  await writeAuth();
  const confFile = path.join(dir, 'mosquitto.conf');

  let closing = false;
  let stderr = '';
  const launch = async (port: number): Promise<ChildProcess | 'in_use'> => {
    let conf = readFileSync(confTemplate, 'utf8')
      .replace(/^listener .*$/m, `listener ${port}${options.host ? ` ${options.host}` : ''}`)
      .replace(/^password_file .*$/m, `password_file ${passwordFile}`)
      .replace(/^acl_file .*$/m, `acl_file ${aclFile}`)
      .replace(/^persistence_location .*$/m, `persistence_location ${path.join(dir, 'data')}/`);
    // As root Mosquitto would switch to the `mosquitto` user, which cannot read the data folder.
    if (process.getuid?.() === 0) conf += '\nuser root\n';
    // Its "… running" line (information level) tells that the listener is bound.
    conf += '\nlog_type information\n';
    writeFileSync(confFile, conf);
    stderr = '';
    const child = spawn(binary, ['-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-10_000)));
    const deadline = Date.now() + 10_000;
    // Mosquitto says "… running" once its listener is bound: only then is a connection on the port ours, not
    // another process's that took the port between the free-port probe and this start.
    while (!/ running\b/.test(stderr) || !(await canConnect(port))) {
      if (child.exitCode !== null) {
        if (/address already in use/i.test(stderr)) return 'in_use';
        throw new Error(`mosquitto exited (${child.exitCode}): ${stderr}`);
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`mosquitto did not listen on ${port}: ${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    child.on('exit', (code, signal) => {
      if (!closing) log.error({ code, signal, stderr }, 'mosquitto exited');
    });
    return child;
  };
  let port = options.port;
  let child: ChildProcess | 'in_use' = 'in_use';
  for (let attempt = 0; attempt < 10 && child === 'in_use'; attempt++) {
    port = await nextFreePort(attempt === 0 ? options.port : port + 1, options.host ?? '0.0.0.0');
    child = await launch(port);
    if (child === 'in_use') log.warn({ port }, 'port taken as mosquitto started; trying the next one');
  }
  if (child === 'in_use') throw new Error(`mosquitto found no free port from ${options.port}`);
  const broker = child;
  const urlHost = !options.host || options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  let syncing = Promise.resolve();
  return {
    url: `mqtt://${urlHost}:${port}`,
    port,
    bridgeUser,
    syncAuth() {
      syncing = syncing.then(async () => {
        await writeAuth();
        broker.kill('SIGHUP');
        // Mosquitto rereads the files on its next loop; give it that moment before a device is told to go on.
        await new Promise((r) => setTimeout(r, 100));
      });
      return syncing;
    },
    async close() {
      closing = true;
      if (broker.exitCode !== null || broker.signalCode !== null) return;
      const exited = new Promise<void>((r) => broker.once('exit', () => r()));
      broker.kill('SIGTERM');
      await exited;
    },
  };
}
