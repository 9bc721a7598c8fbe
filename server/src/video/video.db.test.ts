import { spawn } from 'node:child_process';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openCase } from '../testing/case-factories.ts';
import { insertDrone, METRICS_TOKEN, sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { flvTagInfo } from './flv-viewer.ts';
import { pushTestPattern } from './testing/test-pattern.ts';

/**
 * The embedded media server end to end: a real ffmpeg pushes RTMP with a stream key, viewers pull HTTP-FLV with
 * their play tokens; wrong, revoked and missing keys and tokens, another case's drone, broken handshakes.
 */
let h: Harness;
let admin: string;
let commander: string;
const pushes: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  h = await startHarness({ env: { VIDEO_MEDIA: 'embedded', RTMP_PORT: '0', VIDEO_RECONNECT_GRACE_S: '2' } });
  [admin, commander] = await Promise.all([sessionFor(h, 'admin'), sessionFor(h, 'commander')]);
}, 60_000);
afterAll(async () => {
  await Promise.all(pushes.map((p) => p.stop()));
  await h?.close();
});

const rtmpPort = () => h.server.services.video.media()!.port;
const push = (url: string, seconds?: number) => {
  const p = pushTestPattern({ url, width: 320, height: 180, fps: 15, kbps: 300, ...(seconds ? { seconds } : {}) });
  pushes.push(p);
  return p;
};

async function refusedCount(reason: string): Promise<number> {
  const text = await (
    await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const line = text.split('\n').find((l) => l.startsWith(`lookout_video_refused_total{reason="${reason}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** ffmpeg reads one second of an RTMP stream; its exit code. */
function rtmpPull(url: string): Promise<number | null> {
  const child = spawn(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-rw_timeout', '5000000', '-i', url, '-t', '1', '-f', 'null', '-'],
    {
      stdio: 'ignore',
    },
  );
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

async function state(droneId: string): Promise<string> {
  return (await call(h, 'GET', `/api/v1/drones/${droneId}/video`, { cookie: commander })).body.state as string;
}

/** Reads a viewer's HTTP-FLV for `ms` and counts the video tags (and key frames) in it. */
async function watch(url: string, ms: number): Promise<{ status: number; videoTags: number; keyFrames: number }> {
  const ac = new AbortController();
  const res = await fetch(`${h.base}${url}`, { signal: ac.signal });
  if (res.status !== 200) return { status: res.status, videoTags: 0, keyFrames: 0 };
  const reader = res.body!.getReader();
  let buf = Buffer.alloc(0);
  let videoTags = 0;
  let keyFrames = 0;
  let headerSeen = false;
  const until = Date.now() + ms;
  const timer = setTimeout(() => ac.abort(), ms);
  try {
    while (Date.now() < until) {
      const { value, done } = await reader.read();
      if (done) break;
      buf = Buffer.concat([buf, Buffer.from(value)]);
      if (!headerSeen && buf.length >= 13) {
        expect(buf.subarray(0, 3).toString('latin1')).toBe('FLV');
        buf = buf.subarray(13);
        headerSeen = true;
      }
      while (headerSeen && buf.length >= 11) {
        const size = buf.readUIntBE(1, 3);
        if (buf.length < 11 + size + 4) break;
        const tag = flvTagInfo(buf.subarray(0, 11 + size));
        if (tag?.type === 9 && !tag.config) {
          videoTags++;
          if (tag.keyFrame) keyFrames++;
        }
        buf = buf.subarray(11 + size + 4);
      }
    }
  } catch (err) {
    if ((err as Error).name !== 'AbortError') throw err;
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  return { status: 200, videoTags, keyFrames };
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}

describe('embedded media server', () => {
  let droneId: string;
  let rtmpUrl: string;

  beforeAll(async () => {
    droneId = (await insertDrone(h.database)).id;
    const key = await call(h, 'POST', `/api/v1/drones/${droneId}/video/publish-key`, { cookie: admin });
    expect(key.status).toBe(201);
    rtmpUrl = key.body.rtmpUrl as string;
    expect(rtmpUrl).toMatch(new RegExp(`^rtmp://127\\.0\\.0\\.1:${rtmpPort()}/live/${droneId}\\?key=`));
    expect(key.body.server).toBe(`rtmp://127.0.0.1:${rtmpPort()}/live`);
  });

  it('takes a push with the key and plays it to a viewer with a play token', async () => {
    push(rtmpUrl);
    await until(async () => (await state(droneId)) === 'live');
    const play = await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, { cookie: commander, body: {} });
    expect(play.status).toBe(200);
    expect(play.body.kind).toBe('flv');
    const seen = await watch(play.body.url as string, 2_500);
    expect(seen.status).toBe(200);
    // 15 fps for 2.5 s, from the last key frame on.
    expect(seen.videoTags).toBeGreaterThan(15);
    const status = await call(h, 'GET', `/api/v1/drones/${droneId}/video`, { cookie: commander });
    expect(status.body).toMatchObject({ state: 'live', media: 'embedded', width: 320, height: 180, codec: 'H.264' });
    expect(Date.now() - Date.parse(status.body.lastFrameAt as string)).toBeLessThan(2_000);
    const onAir = await call(h, 'GET', '/api/v1/video/streams', { cookie: commander });
    expect(onAir.body.streams.map((s: { droneId: string }) => s.droneId)).toContain(droneId);
  });

  it('sends key frames only to a viewer who asks for the light variant', async () => {
    const play = await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, {
      cookie: commander,
      body: { quality: 'low' },
    });
    const seen = await watch(play.body.url as string, 3_000);
    expect(seen.videoTags).toBeGreaterThanOrEqual(2);
    expect(seen.keyFrames).toBe(seen.videoTags);
  });

  it('refuses a push with a wrong key, counts it, and keeps the live stream', async () => {
    const before = await refusedCount('bad_key');
    const wrong = push(rtmpUrl.replace(/key=.*/, `key=${randomBytes(20).toString('base64url')}`));
    expect(await wrong.exited).not.toBe(0);
    expect(await refusedCount('bad_key')).toBe(before + 1);
    expect(await state(droneId)).toBe('live');
  });

  it('refuses plays without a token, with a forged or expired one, and for a drone out of scope', async () => {
    const stream = `/video/live/${droneId}.flv`;
    expect((await fetch(`${h.base}${stream}`)).status).toBe(401);
    expect((await fetch(`${h.base}${stream}?token=abc.def`)).status).toBe(403);
    const play = await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, { cookie: commander, body: {} });
    const token = new URL(`${h.base}${play.body.url}`).searchParams.get('token')!;
    const [body, sig] = token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 86_400 })).toString('base64url');
    expect((await fetch(`${h.base}${stream}?token=${forged}.${sig}`)).status).toBe(403);
    // Another drone's token does not open this stream.
    const other = (await insertDrone(h.database)).id;
    const otherPlay = await call(h, 'POST', `/api/v1/drones/${other}/video/play`, { cookie: commander, body: {} });
    const otherToken = new URL(`${h.base}${otherPlay.body.url}`).searchParams.get('token')!;
    expect((await fetch(`${h.base}${stream}?token=${otherToken}`)).status).toBe(403);
    expect((await fetch(`${h.base}/video/live/..%2Fetc.flv?token=${token}`)).status).toBe(404);
    // An officer with no case this drone flies for; no session at all.
    const officer = await sessionFor(h, 'officer');
    expect((await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, { cookie: officer, body: {} })).status).toBe(
      403,
    );
    expect((await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, { body: {} })).status).toBe(401);
    expect(
      (await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, { cookie: commander, body: { quality: 'x' } }))
        .status,
    ).toBe(400);
    expect(await refusedCount('out_of_scope')).toBeGreaterThanOrEqual(1);
    // An RTMP play straight from the media server needs a token too.
    const rtmp = `rtmp://127.0.0.1:${rtmpPort()}/live/${droneId}`;
    expect(await rtmpPull(rtmp)).not.toBe(0);
    expect(await rtmpPull(`${rtmp}?token=${token}`)).toBe(0);
  });

  it('lets the pilot flying the drone for a case watch and set its key; not another pilot', async () => {
    const pilot = await sessionFor(h, 'pilot');
    const otherPilot = await sessionFor(h, 'pilot');
    const caseId = await openCase(h, commander);
    expect((await call(h, 'POST', `/api/v1/cases/${caseId}/drones`, { cookie: pilot, body: { droneId } })).status).toBe(
      201,
    );
    expect((await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, { cookie: pilot, body: {} })).status).toBe(
      200,
    );
    expect(
      (await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, { cookie: otherPilot, body: {} })).status,
    ).toBe(403);
    // An officer working on his own case does not see a drone flying for another case.
    const officer = await sessionFor(h, 'officer');
    await openCase(h, officer);
    expect((await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, { cookie: officer, body: {} })).status).toBe(
      403,
    );
    expect((await call(h, 'POST', `/api/v1/drones/${droneId}/video/publish-key`, { cookie: otherPilot })).status).toBe(
      403,
    );
    expect((await call(h, 'POST', `/api/v1/drones/${droneId}/video/publish-key`, { cookie: commander })).status).toBe(
      403,
    );
    expect((await call(h, 'POST', '/api/v1/drones/no-such-drone/video/publish-key', { cookie: admin })).status).toBe(
      404,
    );
  });

  it('survives broken and oversize RTMP handshakes and keeps serving the stream', async () => {
    const before = await refusedCount('rtmp_handshake');
    for (const bytes of [
      Buffer.from([0x03]),
      randomBytes(64),
      Buffer.concat([Buffer.from([0x03]), randomBytes(3 * 1024 * 1024)]),
    ]) {
      await new Promise<void>((resolve) => {
        const s = net.connect(rtmpPort(), '127.0.0.1', () => {
          s.write(bytes);
          s.end();
        });
        s.on('error', () => resolve());
        s.on('close', () => resolve());
        s.resume();
      });
    }
    await until(async () => (await refusedCount('rtmp_handshake')) > before, 15_000);
    const play = await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, { cookie: commander, body: {} });
    expect((await watch(play.body.url as string, 1_500)).videoTags).toBeGreaterThan(5);
  });

  it('closes a connection whose RTMP command cannot be decoded, counts it, and keeps serving', async () => {
    const before = await refusedCount('rtmp_malformed');
    // A plain handshake (C0, C1, C2), then an AMF0 command message of one byte: a string marker with no length
    // after it. node-media-server's decoder reads past the end of it and throws.
    const handshake = Buffer.concat([Buffer.from([0x03]), Buffer.alloc(1536), Buffer.alloc(1536)]);
    const command = Buffer.from([0x03, 0, 0, 0, 0, 0, 1, 0x14, 0, 0, 0, 0, 0x02]);
    const closed = await new Promise<boolean>((resolve) => {
      const s = net.connect(rtmpPort(), '127.0.0.1', () => {
        s.write(handshake);
        setTimeout(() => s.write(command), 300);
      });
      const timer = setTimeout(() => {
        s.destroy();
        resolve(false);
      }, 10_000);
      s.on('error', () => undefined);
      s.on('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
      s.resume();
    });
    expect(closed).toBe(true);
    await until(async () => (await refusedCount('rtmp_malformed')) === before + 1, 10_000);
    const play = await call(h, 'POST', `/api/v1/drones/${droneId}/video/play`, { cookie: commander, body: {} });
    expect((await watch(play.body.url as string, 1_500)).videoTags).toBeGreaterThan(5);
  });

  it('says stalled when the push stops, live again when it resumes, and ended after the grace window', async () => {
    await Promise.all(pushes.splice(0).map((p) => p.stop()));
    await until(async () => (await state(droneId)) === 'stalled', 10_000);
    await until(async () => (await state(droneId)) === 'ended', 10_000);
    push(rtmpUrl);
    await until(async () => (await state(droneId)) === 'live');
  });

  it('ends the stream on revoke and refuses the old key afterwards', async () => {
    const revoked = await call(h, 'DELETE', `/api/v1/drones/${droneId}/video/publish-key`, { cookie: admin });
    expect(revoked.status).toBe(200);
    await until(async () => (await state(droneId)) !== 'live', 10_000);
    const before = await refusedCount('revoked_key');
    expect(await push(rtmpUrl).exited).not.toBe(0);
    expect(await refusedCount('revoked_key')).toBe(before + 1);
    const status = await call(h, 'GET', `/api/v1/drones/${droneId}/video`, { cookie: commander });
    expect(status.body.hasPublishKey).toBe(false);
  });
});
