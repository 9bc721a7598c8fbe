import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSecretKey } from '@lookout/db';
import { API_PREFIX } from '../../http/app.ts';
import { call } from '../../testing/case-factories.ts';
import { insertDrone, METRICS_TOKEN, sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { streamNameOf } from '../stream-names.ts';
import { STALL_AFTER_MS } from '../stream-watch.ts';
import {
  FFMPEG,
  lookoutEnvFor,
  nginxRtmpMissing,
  nginxRtmpPorts,
  nginxRtmpSkipReason,
  startNginxRtmp,
  waitFor,
  type NginxRtmp,
  type NginxRtmpPorts,
} from '../testing/nginx-rtmp.ts';
import { videoTokenSigner, type VideoTokenSigner } from '../video-tokens.ts';
import { hlsPlayUrl } from './hls-play-url.ts';
import { HTTP_PLAY_HOOK, NGINX_HOOKS } from './hook-paths.ts';

/**
 * Debian's nginx with libnginx-mod-rtmp as the station's own media server in front of Lookout (VIDEO_MEDIA=nginx-rtmp):
 * real pushes by ffmpeg with the keys Lookout hands out, HLS files served behind nginx's auth_request with the play
 * URLs Lookout hands out, and the callbacks' refusals counted on /metrics.
 */
const missing = nginxRtmpMissing();
if (missing.length) console.warn(`nginx-rtmp.db.test.ts skipped: ${nginxRtmpSkipReason(missing)}`);

const HOOK_TOKEN = `hook-${randomBytes(12).toString('hex')}`;
const children: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
}
function run(cmd: string, args: string[]): Run {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (b: Buffer) => {
    err = (err + b.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => err };
}
/** Settles to the exit code, or 'running' if the process is still there after `ms`. */
const exitWithin = (r: Run, ms: number) =>
  Promise.race([r.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), ms))]);

describe.skipIf(missing.length > 0)('nginx-rtmp in front of Lookout (VIDEO_MEDIA=nginx-rtmp)', () => {
  let h: Harness;
  let admin: string;
  let signer: VideoTokenSigner;
  let ports: NginxRtmpPorts;
  let nginx: NginxRtmp;

  const hlsBase = () => nginx.hlsBase;
  const rtmp = (stream: string, query: string) => `rtmp://127.0.0.1:${ports.rtmp}/live/${stream}?${query}`;
  const push = (url: string) =>
    run(FFMPEG, [
      ...['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15'],
      ...['-t', '90', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '15', '-f', 'flv', url],
    ]);
  const refusedCount = async (reason: string): Promise<number> => {
    const res = await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const line = (await res.text())
      .split('\n')
      .find((l) => l.startsWith(`lookout_video_refused_total{reason="${reason}"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  /** A token Lookout never handed out, signed with its key: expired, or for another purpose. */
  const signed = (droneId: string, purpose: 'play' | 'push', expInS: number) =>
    signer.sign({ purpose, droneId, userId: 'u', exp: Math.floor(Date.now() / 1000) + expInS });
  /** A drone with a stream key from Lookout's own route; its stream and the RTMP URL to push to. */
  const droneWithKey = async () => {
    const drone = await insertDrone(h.database);
    const res = await call(h, 'POST', `/api/v1/drones/${drone.id}/video/publish-key`, { cookie: admin });
    expect(res.status).toBe(201);
    const rtmpUrl = res.body.rtmpUrl as string;
    return {
      droneId: drone.id,
      stream: streamNameOf(drone.id),
      rtmpUrl,
      key: new URL(rtmpUrl).searchParams.get('key')!,
    };
  };
  const playUrl = async (droneId: string): Promise<string> => {
    const res = await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, { cookie: admin, body: {} });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('hls');
    return res.body.url as string;
  };
  const stateOf = async (droneId: string): Promise<string> =>
    (await call(h, 'GET', `/api/v1/drones/${droneId}/video`, { cookie: admin })).body.state as string;
  /** The drones the commander's desk lists as on air. */
  const onAir = async (): Promise<string[]> =>
    ((await call(h, 'GET', '/api/v1/video/streams', { cookie: admin })).body.streams as { droneId: string }[]).map(
      (s) => s.droneId,
    );
  const playlistOf = (stream: string) => nginx.playlistOf(stream);
  const hook = (p: string, init: RequestInit & { token?: string | null } = {}) => {
    const token = init.token === undefined ? HOOK_TOKEN : init.token;
    return fetch(`${h.base}${API_PREFIX}${p}${token === null ? '' : `?hook_token=${token}`}`, init);
  };
  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() };
  };

  beforeAll(async () => {
    ports = await nginxRtmpPorts();
    h = await startHarness({ env: lookoutEnvFor(ports, HOOK_TOKEN) });
    admin = await sessionFor(h, 'admin');
    signer = videoTokenSigner(loadSecretKey({ secretsKey: h.config.secretsKey, dataDir: h.config.dataDir }));
    nginx = await startNginxRtmp({
      ports,
      lookoutApi: `${h.base}${API_PREFIX}`,
      hookToken: HOOK_TOKEN,
      updateEveryS: 2,
    });
  });

  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    await nginx?.stop();
    await h?.close();
  });

  describe('a push with the key Lookout handed out', () => {
    let d: Awaited<ReturnType<typeof droneWithKey>>;
    let pusher: Run;
    beforeAll(async () => {
      d = await droneWithKey();
      expect(d.rtmpUrl).toBe(rtmp(d.stream, `key=${d.key}`));
      pusher = push(d.rtmpUrl);
      await waitFor('the HLS playlist', async () => {
        if (pusher.child.exitCode !== null) throw new Error(`ffmpeg exited: ${pusher.stderr()}`);
        const text = await readFile(playlistOf(d.stream), 'utf8').catch(() => '');
        return text.includes('.ts') ? text : undefined;
      });
    });

    it('is allowed, and Lookout shows the stream live, on the desk too', async () => {
      expect(await stateOf(d.droneId)).toBe('live');
      expect(await onAir()).toContain(d.droneId);
    });

    it('is served as HLS, playlist and segments, at the play URL Lookout hands out', async () => {
      const url = await playUrl(d.droneId);
      expect(url.startsWith(`${hlsBase()}/`)).toBe(true);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
      const playlist = await res.text();
      expect(playlist).toContain('#EXTM3U');
      const segment = playlist.split('\n').find((l) => /^\d+\.ts$/.test(l.trim()))!;
      const seg = await fetch(new URL(segment.trim(), url));
      expect(seg.status).toBe(200);
      expect(seg.headers.get('content-type')).toBe('video/mp2t');
      expect((await seg.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      // The token as a query works for the playlist too.
      const token = new URL(url).pathname.split('/').at(-3)!;
      expect((await fetch(`${hlsBase()}/${d.stream}/index.m3u8?token=${token}`)).status).toBe(200);
    });

    it('is refused as HLS without a token, with a bad or expired one, or another drone’s, and counted', async () => {
      const other = await insertDrone(h.database);
      const before = {
        noSession: await refusedCount('no_session'),
        bad: await refusedCount('bad_token'),
        expired: await refusedCount('expired_token'),
      };
      const [body, sig] = new URL(await playUrl(d.droneId)).pathname.split('/').at(-3)!.split('.');
      for (const url of [
        `${hlsBase()}/${d.stream}/index.m3u8`,
        hlsPlayUrl(hlsBase(), d.stream, `${body}.${sig!.slice(1)}A`),
        hlsPlayUrl(hlsBase(), d.stream, signed(d.droneId, 'play', -5)),
        hlsPlayUrl(hlsBase(), d.stream, signed(other.id, 'play', 300)),
        hlsPlayUrl(hlsBase(), d.stream, signed(d.droneId, 'push', 300)),
      ])
        expect((await fetch(url)).status, url).toBe(403);
      expect(await refusedCount('no_session')).toBe(before.noSession + 1);
      expect(await refusedCount('bad_token')).toBe(before.bad + 3);
      expect(await refusedCount('expired_token')).toBe(before.expired + 1);
      // Anything but a stream's playlist or segments is not served at all.
      expect((await fetch((await playUrl(d.droneId)).replace('index.m3u8', 'x.key'))).status).toBe(404);
    });

    it('plays over RTMP through nginx only with a play token', async () => {
      const token = new URL(await playUrl(d.droneId)).pathname.split('/').at(-3)!;
      const read = (query: string) =>
        run(FFMPEG, [
          '-hide_banner',
          '-loglevel',
          'error',
          '-i',
          rtmp(d.stream, query),
          '-frames:v',
          '1',
          '-f',
          'null',
          '-',
        ]);
      const viewer = read(`token=${token}`);
      expect(await exitWithin(viewer, 20_000), viewer.stderr()).toBe(0);
      const before = await refusedCount('no_session');
      expect(await exitWithin(read('nothing=1'), 20_000)).not.toBe(0);
      expect(await refusedCount('no_session')).toBe(before + 1);
    });

    it('stalls while the drone sends nothing (nginx statistics), with the last data’s time, and is live again', async () => {
      const status = async () =>
        (await call(h, 'GET', `/api/v1/drones/${d.droneId}/video`, { cookie: admin })).body as {
          state: string;
          lastFrameAt: string | null;
          width: number | null;
        };
      await waitFor('the size from the statistics', async () => ((await status()).width === 320 ? true : undefined));
      // A frozen encoder keeps its connection: nginx sees no bytes, and no callback says anything.
      pusher.child.kill('SIGSTOP');
      try {
        const stalled = await waitFor('the stall', async () => {
          const s = await status();
          return s.state === 'stalled' ? s : undefined;
        });
        expect(Date.now() - Date.parse(stalled.lastFrameAt!)).toBeGreaterThanOrEqual(STALL_AFTER_MS);
        expect(await onAir()).toContain(d.droneId);
      } finally {
        pusher.child.kill('SIGCONT');
      }
      await waitFor('live again', async () => ((await stateOf(d.droneId)) === 'live' ? true : undefined));
    });

    it('ends when ffmpeg stops, and Lookout shows it ended (on_publish_done)', async () => {
      pusher.child.kill('SIGINT');
      await pusher.exited;
      await waitFor('the end of the stream', async () => ((await stateOf(d.droneId)) === 'ended' ? true : undefined));
      expect(await onAir()).not.toContain(d.droneId);
    });
  });

  it('refuses a push with a wrong key, and counts it', async () => {
    const d = await droneWithKey();
    const before = await refusedCount('bad_key');
    expect(await exitWithin(push(rtmp(d.stream, 'key=not-the-key')), 20_000)).not.toBe(0);
    expect(await refusedCount('bad_key')).toBe(before + 1);
    expect(existsSync(playlistOf(d.stream))).toBe(false);
    expect(await stateOf(d.droneId)).toBe('idle');
  });

  it('refuses a push without a key, or to a stream no drone has, and counts it', async () => {
    const d = await droneWithKey();
    const before = { bad: await refusedCount('bad_key'), unknown: await refusedCount('unknown_stream') };
    expect(await exitWithin(push(rtmp(d.stream, 'x=1')), 20_000)).not.toBe(0);
    expect(await exitWithin(push(rtmp('no-such-drone', `key=${d.key}`)), 20_000)).not.toBe(0);
    expect(await refusedCount('bad_key')).toBe(before.bad + 1);
    expect(await refusedCount('unknown_stream')).toBe(before.unknown + 1);
  });

  it('cuts a running push when its key is revoked (on_update), then refuses the key', async () => {
    const d = await droneWithKey();
    const pusher = push(d.rtmpUrl);
    await waitFor('the HLS playlist', () => (existsSync(playlistOf(d.stream)) ? true : undefined));
    const before = await refusedCount('revoked_key');
    expect((await call(h, 'DELETE', `/api/v1/drones/${d.droneId}/video/publish-key`, { cookie: admin })).status).toBe(
      200,
    );
    // nginx asks every 2 s (updateEveryS) and drops the publisher on the 403.
    expect(await exitWithin(pusher, 15_000)).not.toBe('running');
    expect(await refusedCount('revoked_key')).toBeGreaterThan(before);
    await waitFor('the end of the stream', async () => ((await stateOf(d.droneId)) === 'ended' ? true : undefined));
    const again = await refusedCount('revoked_key');
    expect(await exitWithin(push(d.rtmpUrl), 20_000)).not.toBe(0);
    expect(await refusedCount('revoked_key')).toBe(again + 1);
  });

  it('refuses malformed callbacks with a counted 400, or 413 when too big', async () => {
    const d = await droneWithKey();
    const ok = { call: 'publish', app: 'live', name: d.stream, key: d.key, addr: '127.0.0.1' };
    const before = await refusedCount('malformed');
    const bad: [RequestInit, number][] = [
      [form({ call: 'publish', app: 'live', key: d.key }), 400], // no name
      [form({ ...ok, name: [d.stream, d.stream] }), 400], // twice
      [form({ ...ok, call: 'play' }), 400], // another callback's call
      [form({ ...ok, name: '../etc/passwd' }), 400],
      [{ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ok) }, 400],
      [form({ ...ok, addr: 'x'.repeat(5000) }), 413],
      [form({ ...ok, app: '%zz' }), 403], // readable, but the wrong app: a refusal, not malformed
    ];
    for (const [init, status] of bad) expect((await hook(NGINX_HOOKS.publish, init)).status).toBe(status);
    expect(await refusedCount('malformed')).toBe(before + 6);
    // The auth_request check: no header, or a path nginx might resolve otherwise, is a 403 (auth_request takes
    // a 400 for a 500).
    for (const uri of [undefined, '/hls/a.b/%2e%2e/x/index.m3u8', `/hls/${d.stream}/../x/index.m3u8`]) {
      const res = await hook(HTTP_PLAY_HOOK, {
        token: null,
        headers: { authorization: `Bearer ${HOOK_TOKEN}`, ...(uri ? { 'x-original-uri': uri } : {}) },
      });
      expect(res.status).toBe(403);
    }
    expect(await refusedCount('malformed')).toBe(before + 9);
    // Through nginx: an encoded dot-dot never reaches a file.
    expect((await fetch(`${hlsBase()}/a.b/%2e%2e/${d.stream}/index.m3u8`)).status).toBeGreaterThanOrEqual(400);
  });

  it('answers 401 to a callback without the hook token, or with another', async () => {
    const d = await droneWithKey();
    const body = form({ call: 'publish', app: 'live', name: d.stream, key: d.key });
    expect((await hook(NGINX_HOOKS.publish, { ...body, token: null })).status).toBe(401);
    expect((await hook(NGINX_HOOKS.publish, { ...body, token: 'hook-wrong-0123456789' })).status).toBe(401);
    const play = await hook(HTTP_PLAY_HOOK, {
      token: null,
      headers: { 'x-original-uri': `/hls/${d.stream}/index.m3u8` },
    });
    expect(play.status).toBe(401);
  });

  it('keeps serving after all of the above: Lookout answers, a new push plays', async () => {
    expect((await fetch(`${h.base}/api/v1/health`)).status).toBe(200);
    const d = await droneWithKey();
    const pusher = push(d.rtmpUrl);
    const url = await playUrl(d.droneId);
    await waitFor('the HLS playlist', async () => {
      const res = await fetch(url);
      return res.status === 200 && (await res.text()).includes('.ts') ? true : undefined;
    });
    pusher.child.kill('SIGINT');
    await pusher.exited;
    expect(nginx.child.exitCode).toBeNull();
  });
});
