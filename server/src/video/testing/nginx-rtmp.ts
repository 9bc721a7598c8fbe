import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { VIDEO_APP } from '../stream-names.ts';
import { DEBIAN_RTMP_MODULE, renderNginxConf } from '../external/nginx-conf.ts';
import { waitFor } from '@lookout/drone-bridge/testing';

/**
 * Debian's nginx with libnginx-mod-rtmp, started for a test with the config Lookout generates (nginx-conf.ts): the
 * station's media server in front of a Lookout running with VIDEO_MEDIA=nginx-rtmp.
 */
export const NGINX = '/usr/sbin/nginx';
export const FFMPEG = '/usr/bin/ffmpeg';

/** What a real nginx-rtmp test needs and this machine lacks: empty when it can run. */
export function nginxRtmpMissing(): string[] {
  return [NGINX, DEBIAN_RTMP_MODULE, FFMPEG].filter((f) => !existsSync(f));
}

/** Why such a test is skipped, for its log: `apt install …`. */
export function nginxRtmpSkipReason(missing: string[]): string {
  return `${missing.join(', ')} missing (apt install nginx libnginx-mod-rtmp ffmpeg)`;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/** The two ports nginx will listen on, known before Lookout starts (its VIDEO_RTMP_URL and VIDEO_PLAY_URL name them). */
export interface NginxRtmpPorts {
  rtmp: number;
  http: number;
}

export { waitFor };

export async function nginxRtmpPorts(): Promise<NginxRtmpPorts> {
  return { rtmp: await freePort(), http: await freePort() };
}

/** Lookout's environment for this nginx: the external media server mode, its RTMP base, HLS play base and statistics. */
export function lookoutEnvFor(ports: NginxRtmpPorts, hookToken: string): Record<string, string> {
  return {
    VIDEO_MEDIA: 'nginx-rtmp',
    VIDEO_HOOK_TOKEN: hookToken,
    VIDEO_RTMP_URL: `rtmp://127.0.0.1:${ports.rtmp}/${VIDEO_APP}`,
    VIDEO_PLAY_URL: `http://127.0.0.1:${ports.http}/hls`,
    VIDEO_STAT_URL: `http://127.0.0.1:${ports.http}/stat`,
  };
}

export interface NginxRtmp {
  /** The temporary folder of its config, HLS files (`hls/`) and temporary files. */
  dir: string;
  /** `http://127.0.0.1:<http>/hls`: Lookout's VIDEO_PLAY_URL. */
  hlsBase: string;
  /** The playlist nginx writes for a stream. */
  playlistOf(stream: string): string;
  child: ChildProcess;
  /** The last 4000 characters nginx wrote to stderr (its error log). */
  stderr(): string;
  /** Stops nginx and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Writes the config for these ports and Lookout's API (`http://127.0.0.1:<port>/api/v1`), starts nginx in the
 * foreground and waits until it answers HTTP.
 */
export async function startNginxRtmp(o: {
  ports: NginxRtmpPorts;
  lookoutApi: string;
  hookToken: string;
  /** Lookout's web origin, when its pages fetch the HLS files from this other origin (CORS). */
  allowOrigin?: string;
  /** How often a running push is re-checked. */
  updateEveryS?: number;
}): Promise<NginxRtmp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lookout-nginx-'));
  await mkdir(path.join(dir, 'hls'));
  await mkdir(path.join(dir, 'temp'));
  const conf = renderNginxConf({
    rtmpModule: DEBIAN_RTMP_MODULE,
    rtmpListen: `127.0.0.1:${o.ports.rtmp}`,
    httpListen: `127.0.0.1:${o.ports.http}`,
    lookoutApi: o.lookoutApi,
    hookToken: o.hookToken,
    hlsPath: path.join(dir, 'hls'),
    tempDir: path.join(dir, 'temp'),
    // The statistics page for Lookout's stall watch (VIDEO_STAT_URL), to this machine only.
    statAllow: '127.0.0.1',
    ...(o.allowOrigin ? { allowOrigin: o.allowOrigin } : {}),
    ...(o.updateEveryS ? { updateEveryS: o.updateEveryS } : {}),
    // The workers write the HLS files into this test's folder: as root, nginx would run them as nobody.
    ...(process.getuid?.() === 0 ? { user: 'root' } : {}),
  });
  await writeFile(path.join(dir, 'nginx.conf'), conf);
  const child = spawn(
    NGINX,
    [
      ...['-p', dir, '-c', path.join(dir, 'nginx.conf')],
      ...['-g', `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log stderr;`],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  child.stderr!.on('data', (b: Buffer) => {
    err = (err + b.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hlsBase = `http://127.0.0.1:${o.ports.http}/hls`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor('nginx to listen', async () => {
      if (child.exitCode !== null) throw new Error(`nginx exited: ${err}`);
      return fetch(`${hlsBase}/`).then(
        (r) => r.status,
        () => undefined,
      );
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    dir,
    hlsBase,
    playlistOf: (stream) => path.join(dir, 'hls', stream, 'index.m3u8'),
    child,
    stderr: () => err,
    stop,
  };
}
