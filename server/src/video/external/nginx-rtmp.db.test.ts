import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { pino } from 'pino';
import { Registry, type Counter } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { accessCounters } from '../../audit/access-metrics.ts';
import { configureAccess } from '../../http/access-check.ts';
import { API_PREFIX, JSON_LIMIT, RAW_BODY_ROUTES } from '../../http/app.ts';
import { errorBoundary, notFound } from '../../http/errors.ts';
import { rejectedRequests } from '../../http/guard-metrics.ts';
import { jsonBody, nulFreeUrl } from '../../http/json-limits.ts';
import { assertEveryRouteDeclared } from '../../http/route-walker.ts';
import { createRouter } from '../../http/router.ts';
import { sameOriginWrites } from '../../http/same-origin.ts';
import { createTestUser, insertDrone } from '../../testing/harness.ts';
import { streamNameOf } from '../stream-names.ts';
import { createVideoGate, hashStreamKey, type VideoGate } from '../video-gate.ts';
import { createVideoKeysRepo } from '../video-keys.repo.ts';
import { countRefusals } from '../video-metrics.ts';
import { videoTokenSigner, type VideoTokenSigner } from '../video-tokens.ts';
import { hlsPlayUrl } from './hls-play-url.ts';
import { externalMediaHooks, NGINX_HOOKS, HTTP_PLAY_HOOK } from './media-hooks.routes.ts';
import { DEBIAN_RTMP_MODULE, renderNginxConf } from './nginx-conf.ts';

/**
 * Debian's nginx with libnginx-mod-rtmp in front of Lookout's media-server callbacks: real pushes by ffmpeg, real
 * HLS files served behind auth_request. The hooks run in an app with app.ts's request guards in front (same-origin
 * writes with RAW_BODY_ROUTES, NUL-free URLs, the JSON parser, the error boundary).
 */
const NGINX = '/usr/sbin/nginx';
const FFMPEG = '/usr/bin/ffmpeg';
const missing = [NGINX, DEBIAN_RTMP_MODULE, FFMPEG].filter((f) => !existsSync(f));
if (missing.length)
  console.warn(
    `nginx-rtmp.db.test.ts skipped: ${missing.join(', ')} missing (apt install nginx libnginx-mod-rtmp ffmpeg)`,
  );

const HOOK_TOKEN = `hook-${randomBytes(12).toString('hex')}`;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const got = await probe();
    if (got !== undefined) return got;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

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

describe.skipIf(missing.length > 0)('nginx-rtmp in front of Lookout (external media server)', () => {
  let database: Database;
  let registry: Registry;
  let gate: VideoGate;
  let signer: VideoTokenSigner;
  let lookout: Server;
  let lookoutBase: string;
  let dir: string;
  let rtmpPort: number;
  let httpPort: number;
  let nginx: Run;
  const events: { kind: 'published' | 'ended'; droneId: string }[] = [];
  let by: string;

  const rtmp = (stream: string, query: string) => `rtmp://127.0.0.1:${rtmpPort}/live/${stream}?${query}`;
  const hlsBase = () => `http://127.0.0.1:${httpPort}/hls`;
  const push = (url: string) =>
    run(FFMPEG, [
      ...['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=15'],
      ...['-t', '90', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '15', '-f', 'flv', url],
    ]);
  const refusedCount = async (reason: string): Promise<number> => {
    const metric = registry.getSingleMetric('lookout_video_refused_total') as Counter<'reason'> | undefined;
    const values = (await metric?.get())?.values ?? [];
    return values.find((v) => v.labels.reason === reason)?.value ?? 0;
  };
  const playToken = (droneId: string, expInS = 300) =>
    signer.sign({ purpose: 'play', droneId, userId: by, exp: Math.floor(Date.now() / 1000) + expInS });
  /** A drone with a stream key; its stream name and key. */
  const droneWithKey = async () => {
    const drone = await insertDrone(database);
    const key = randomBytes(16).toString('hex');
    await createVideoKeysRepo(database).set(drone.id, hashStreamKey(key), by);
    await gate.reload();
    return { droneId: drone.id, stream: streamNameOf(drone.id), key };
  };
  const playlistOf = (stream: string) => path.join(dir, 'hls', stream, 'index.m3u8');
  const hook = (p: string, init: RequestInit & { token?: string | null } = {}) => {
    const token = init.token === undefined ? HOOK_TOKEN : init.token;
    return fetch(`${lookoutBase}${API_PREFIX}${p}${token === null ? '' : `?hook_token=${token}`}`, init);
  };
  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() };
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    const user = await createTestUser(database, 'admin');
    const [row] = await database.query<{ id: string }>('select id from users where username = $1', [user.username]);
    by = String(row!.id);
    registry = new Registry();
    const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
    signer = videoTokenSigner(randomBytes(32));
    const refused = countRefusals(registry);
    gate = createVideoGate({ repo: createVideoKeysRepo(database), tokens: signer, refused, log });
    await gate.start();

    const app = express();
    app.set('case sensitive routing', true);
    app.set('strict routing', true);
    configureAccess(app, {
      sessionUser: () => Promise.resolve(undefined),
      denied: accessCounters(registry).denied,
      checkResponses: true,
    });
    const rejected = rejectedRequests(registry);
    app.use(sameOriginWrites({ publicUrl: undefined, rawBodyRoutes: RAW_BODY_ROUTES, rejected }));
    app.use(nulFreeUrl(rejected));
    app.use(jsonBody({ limit: JSON_LIMIT, rejected }));
    const api = createRouter();
    api.use(
      externalMediaHooks({
        gate,
        hookToken: HOOK_TOKEN,
        log,
        refused,
        streams: {
          published: (droneId) => events.push({ kind: 'published', droneId }),
          ended: (droneId) => events.push({ kind: 'ended', droneId }),
        },
      }),
    );
    api.use(notFound);
    app.use(API_PREFIX, api);
    app.use(notFound);
    app.use(errorBoundary(log));
    assertEveryRouteDeclared(app);
    lookout = createHttpServer(app);
    await new Promise<void>((resolve) => lookout.listen(0, '127.0.0.1', resolve));
    lookoutBase = `http://127.0.0.1:${(lookout.address() as AddressInfo).port}`;

    dir = await mkdtemp(path.join(os.tmpdir(), 'lookout-nginx-'));
    await mkdir(path.join(dir, 'hls'));
    await mkdir(path.join(dir, 'temp'));
    [rtmpPort, httpPort] = [await freePort(), await freePort()];
    const conf = renderNginxConf({
      rtmpModule: DEBIAN_RTMP_MODULE,
      rtmpListen: `127.0.0.1:${rtmpPort}`,
      httpListen: `127.0.0.1:${httpPort}`,
      lookoutApi: `${lookoutBase}${API_PREFIX}`,
      hookToken: HOOK_TOKEN,
      hlsPath: path.join(dir, 'hls'),
      tempDir: path.join(dir, 'temp'),
      updateEveryS: 2,
      // The workers write the HLS files into this test's folder: as root, nginx would run them as nobody.
      ...(process.getuid?.() === 0 ? { user: 'root' } : {}),
    });
    await writeFile(path.join(dir, 'nginx.conf'), conf);
    nginx = run(NGINX, [
      ...['-p', dir, '-c', path.join(dir, 'nginx.conf')],
      ...['-g', `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log stderr;`],
    ]);
    await waitFor('nginx to listen', async () => {
      if (nginx.child.exitCode !== null) throw new Error(`nginx exited: ${nginx.stderr()}`);
      return fetch(`http://127.0.0.1:${httpPort}/hls/`).then(
        (r) => r.status,
        () => undefined,
      );
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
    gate?.stop();
    await new Promise((resolve) => (lookout ? lookout.close(resolve) : resolve(undefined)));
    await database?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('a push with the drone’s key', () => {
    let d: Awaited<ReturnType<typeof droneWithKey>>;
    let pusher: Run;
    beforeAll(async () => {
      d = await droneWithKey();
      pusher = push(rtmp(d.stream, `key=${d.key}`));
      await waitFor('the HLS playlist', async () => {
        if (pusher.child.exitCode !== null) throw new Error(`ffmpeg exited: ${pusher.stderr()}`);
        const text = await readFile(playlistOf(d.stream), 'utf8').catch(() => '');
        return text.includes('.ts') ? text : undefined;
      });
    });

    it('is allowed, and Lookout hears that the drone is live', () => {
      expect(events).toContainEqual({ kind: 'published', droneId: d.droneId });
    });

    it('is served as HLS to a viewer with a play token, playlist and segments', async () => {
      const url = hlsPlayUrl(hlsBase(), d.stream, playToken(d.droneId));
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
      // The query form works for the playlist too.
      const q = await fetch(`${hlsBase()}/${d.stream}/index.m3u8?token=${playToken(d.droneId)}`);
      expect(q.status).toBe(200);
    });

    it('is refused as HLS without a token, with a bad or expired one, or another drone’s', async () => {
      const other = await insertDrone(database);
      const before = {
        noSession: await refusedCount('no_session'),
        bad: await refusedCount('bad_token'),
        expired: await refusedCount('expired_token'),
      };
      const good = playToken(d.droneId);
      const [body, sig] = good.split('.');
      for (const url of [
        `${hlsBase()}/${d.stream}/index.m3u8`,
        hlsPlayUrl(hlsBase(), d.stream, `${body}.${sig!.slice(1)}A`),
        hlsPlayUrl(hlsBase(), d.stream, playToken(d.droneId, -5)),
        hlsPlayUrl(hlsBase(), d.stream, playToken(other.id)),
        hlsPlayUrl(hlsBase(), d.stream, signer.sign({ purpose: 'push', droneId: d.droneId, userId: by, exp: 2e9 })),
      ])
        expect((await fetch(url)).status, url).toBe(403);
      expect(await refusedCount('no_session')).toBe(before.noSession + 1);
      expect(await refusedCount('bad_token')).toBe(before.bad + 3);
      expect(await refusedCount('expired_token')).toBe(before.expired + 1);
      // Anything but a stream's playlist or segment is not served at all.
      expect((await fetch(hlsPlayUrl(hlsBase(), d.stream, good).replace('index.m3u8', 'x.key'))).status).toBe(404);
    });

    it('plays over RTMP through nginx only with a play token', async () => {
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
      const viewer = read(`token=${playToken(d.droneId)}`);
      expect(await exitWithin(viewer, 20_000), viewer.stderr()).toBe(0);
      const before = await refusedCount('no_session');
      const stranger = read('nothing=1');
      expect(await exitWithin(stranger, 20_000)).not.toBe(0);
      expect(await refusedCount('no_session')).toBe(before + 1);
    });

    it('ends when ffmpeg stops, and Lookout hears that (on_publish_done)', async () => {
      pusher.child.kill('SIGINT');
      await pusher.exited;
      await waitFor('the end of the stream', () =>
        events.some((e) => e.kind === 'ended' && e.droneId === d.droneId) ? true : undefined,
      );
    });
  });

  it('refuses a push with a wrong key, and counts it', async () => {
    const d = await droneWithKey();
    const before = await refusedCount('bad_key');
    const pusher = push(rtmp(d.stream, 'key=not-the-key'));
    expect(await exitWithin(pusher, 20_000)).not.toBe(0);
    expect(await refusedCount('bad_key')).toBe(before + 1);
    expect(existsSync(playlistOf(d.stream))).toBe(false);
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
    const pusher = push(rtmp(d.stream, `key=${d.key}`));
    await waitFor('the HLS playlist', () => (existsSync(playlistOf(d.stream)) ? true : undefined));
    const before = await refusedCount('revoked_key');
    await createVideoKeysRepo(database).revoke(d.droneId);
    await gate.reload();
    // nginx asks every 2 s (updateEveryS) and drops the publisher on the 403.
    expect(await exitWithin(pusher, 15_000)).not.toBe('running');
    expect(await refusedCount('revoked_key')).toBeGreaterThan(before);
    await waitFor('the end of the stream', () =>
      events.some((e) => e.kind === 'ended' && e.droneId === d.droneId) ? true : undefined,
    );
    const again = await refusedCount('revoked_key');
    expect(await exitWithin(push(rtmp(d.stream, `key=${d.key}`)), 20_000)).not.toBe(0);
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
      [form({ ...ok, app: '%zz' }), 403], // a readable but wrong app: a gate refusal
    ];
    for (const [init, status] of bad) expect((await hook(NGINX_HOOKS.publish, init)).status).toBe(status);
    expect(await refusedCount('malformed')).toBe(before + 6);
    // The auth_request check: no header, or a path nginx might read otherwise, is a 403 (auth_request takes 400 as 500).
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

  it('keeps serving after all of the above: a new push plays', async () => {
    const d = await droneWithKey();
    const direct = await hook(
      NGINX_HOOKS.publish,
      form({ call: 'publish', app: 'live', name: d.stream, key: d.key, addr: '127.0.0.1', clientid: '9' }),
    );
    expect(direct.status).toBe(204);
    const pusher = push(rtmp(d.stream, `key=${d.key}`));
    await waitFor('the HLS playlist', async () => {
      const res = await fetch(hlsPlayUrl(hlsBase(), d.stream, playToken(d.droneId)));
      return res.status === 200 && (await res.text()).includes('.ts') ? true : undefined;
    });
    pusher.child.kill('SIGINT');
    await pusher.exited;
    expect(nginx.child.exitCode).toBeNull();
  });
});
