import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { canConnect, freePort } from '../net/tcp-port.ts';

/**
 * A real Mosquitto for tests: `mosquitto -c <tmp>/lookout.conf` built from the repo's mosquitto/lookout.conf
 * (port, password/ACL files and persistence folder replaced), on a free port. Can be stopped, killed and
 * restarted on the same port and data (fault tests).
 */
export const lookoutConfPath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../mosquitto/lookout.conf',
);

export function hasMosquitto(): boolean {
  try {
    execFileSync('mosquitto', ['-h'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // `mosquitto -h` exits non-zero after printing its help.
    return (err as NodeJS.ErrnoException).code !== 'ENOENT' && (err as { status?: number }).status !== 127;
  }
}

/** Where Debian's mosquitto package puts the dynamic-security plugin (`dpkg -L mosquitto`). */
export function dynsecPluginPath(): string {
  for (const p of [
    '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so',
    '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so',
    '/usr/lib/mosquitto_dynamic_security.so',
  ])
    if (existsSync(p)) return p;
  throw new Error('mosquitto_dynamic_security.so not found');
}

export function hasDynsec(): boolean {
  try {
    dynsecPluginPath();
    execFileSync('mosquitto_ctrl', ['--help'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // `mosquitto_ctrl --help` exits 1 after printing its help; a missing plugin or binary has no exit status.
    const status = (err as { status?: number | null }).status;
    return typeof status === 'number' && status !== 127;
  }
}

export interface TestMosquitto {
  url: string;
  port: number;
  dir: string;
  passwordFile: string;
  aclFile: string;
  /** Graceful stop (SIGTERM: persistence saved). */
  stop(): Promise<void>;
  /** SIGKILL. */
  kill(): Promise<void>;
  /** Start again on the same port and data folder. */
  start(): Promise<void>;
  /** SIGHUP: reread the password and ACL files. */
  reload(): Promise<void>;
  /** Stop and delete the folder. */
  dispose(): Promise<void>;
  stderr(): string;
}

export async function startTestMosquitto(options: {
  port?: number;
  writeAuth: (files: { passwordFile: string; aclFile: string }) => Promise<void>;
  /** Load the dynamic-security plugin, initialised with this admin client (`mosquitto_ctrl dynsec init`). */
  dynsecAdmin?: { username: string; password: string };
}): Promise<TestMosquitto> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lookout-mosquitto-'));
  const port = options.port ?? (await freePort());
  const passwordFile = path.join(dir, 'passwd');
  const aclFile = path.join(dir, 'acl');
  await options.writeAuth({ passwordFile, aclFile });
  let conf = readFileSync(lookoutConfPath, 'utf8')
    .replace(/^listener .*$/m, `listener ${port} 127.0.0.1`)
    .replace(/^password_file .*$/m, `password_file ${passwordFile}`)
    .replace(/^acl_file .*$/m, `acl_file ${aclFile}`)
    .replace(/^persistence_location .*$/m, `persistence_location ${dir}/`);
  // Run as whoever runs the tests (as root, Mosquitto would switch to the `mosquitto` user and lose our files).
  if (process.getuid?.() === 0) conf += '\nuser root\n';
  if (options.dynsecAdmin) {
    const dynsecFile = path.join(dir, 'dynamic-security.json');
    const { username, password } = options.dynsecAdmin;
    execFileSync('mosquitto_ctrl', ['dynsec', 'init', dynsecFile, username, password], { stdio: 'ignore' });
    conf += `\nplugin ${dynsecPluginPath()}\nplugin_opt_config_file ${dynsecFile}\n`;
  }
  const confFile = path.join(dir, 'lookout.conf');
  writeFileSync(confFile, conf);

  let child: ChildProcess | undefined;
  let err = '';

  async function start(): Promise<void> {
    const proc = spawn('mosquitto', ['-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    proc.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-20_000)));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited (${proc.exitCode}): ${err}`);
      if (await canConnect(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`mosquitto did not listen on ${port}: ${err}`);
  }

  async function signal(sig: NodeJS.Signals): Promise<void> {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill(sig);
    await exited;
    child = undefined;
  }

  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    dir,
    passwordFile,
    aclFile,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
    start,
    async reload() {
      child?.kill('SIGHUP');
      await new Promise((r) => setTimeout(r, 200));
    },
    async dispose() {
      await signal('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    stderr: () => err,
  };
}
