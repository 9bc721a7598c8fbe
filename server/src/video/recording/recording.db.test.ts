import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, openCase } from '../../testing/case-factories.ts';
import { insertDrone, sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { pushTestPattern } from '../testing/test-pattern.ts';

/**
 * Recording end to end: a real ffmpeg pushes RTMP into the embedded media server while the drone is attached to
 * an open case; segments are written, closed, remuxed to MP4, capped, purged with the case, and served in scope.
 */
let h: Harness;
let admin: string;
let commander: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lookout-rec-'));
const videoDir = path.join(dataDir, 'video');
const pushes: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  h = await startHarness({
    env: {
      VIDEO_MEDIA: 'embedded',
      RTMP_PORT: '0',
      LOOKOUT_DATA_DIR: dataDir,
      VIDEO_RECONNECT_GRACE_S: '1',
      VIDEO_RECORD_SEGMENT_S: '3',
      VIDEO_RECORD_MAX_MB: '1',
    },
  });
  [admin, commander] = await Promise.all([sessionFor(h, 'admin'), sessionFor(h, 'commander')]);
}, 60_000);
afterAll(async () => {
  await Promise.all(pushes.map((p) => p.stop()));
  await h?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Row {
  id: number;
  case_id: string;
  file: string;
  started_at: Date;
  ended_at: Date | null;
  bytes: number;
}
const rows = async (droneId: string): Promise<Row[]> =>
  (
    await h.database.query<Row>(
      'select id, case_id, file, started_at, ended_at, bytes from video_recordings where drone_id = $1 order by id',
      [droneId],
    )
  ).map((r) => ({ ...r, id: Number(r.id), bytes: Number(r.bytes) }));

async function until<T>(check: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('condition not met in time');
}

/** A drone with a stream key, attached to a fresh case (unless `attach` is false); its push URL. */
async function streamingDrone(attach = true) {
  const { id: droneId } = await insertDrone(h.database);
  const key = await call(h, 'POST', `/api/v1/drones/${droneId}/video/publish-key`, { cookie: admin });
  const caseId = await openCase(h, commander);
  if (attach)
    expect(
      (await call(h, 'POST', `/api/v1/cases/${caseId}/drones`, { cookie: commander, body: { droneId } })).status,
    ).toBe(201);
  return { droneId, caseId, rtmpUrl: key.body.rtmpUrl as string };
}

function push(url: string, kbps = 300, width = 320, height = 180) {
  const p = pushTestPattern({ url, width, height, fps: 15, kbps });
  pushes.push(p);
  return p;
}

const size = (file: string) => fs.statSync(path.join(videoDir, file)).size;

describe('recording', () => {
  it('records an attached drone in segments that grow, close and become MP4; ends when the push stops', async () => {
    const { droneId, caseId, rtmpUrl } = await streamingDrone();
    const p = push(rtmpUrl);
    const open = await until(async () => (await rows(droneId)).find((r) => r.ended_at === null));
    expect(open.case_id).toBe(caseId);
    expect(open.file).toMatch(
      new RegExp(`^${caseId}/${droneId}/\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d-\\d{3}Z\\.flv$`),
    );
    const first = await until(async () => fs.existsSync(path.join(videoDir, open.file)) && size(open.file));
    await until(async () => size(open.file) > first);
    const status = await call(h, 'GET', `/api/v1/drones/${droneId}/video`, { cookie: commander });
    expect(status.body.recording).toBe(true);
    // The first segment closes after about 3 s and is remuxed to MP4; the next one is open.
    const mp4 = await until(async () => (await rows(droneId)).find((r) => r.ended_at && r.file.endsWith('.mp4')));
    expect(mp4.bytes).toBe(size(mp4.file));
    expect(fs.readFileSync(path.join(videoDir, mp4.file)).subarray(4, 8).toString('latin1')).toBe('ftyp');
    // The FLV is removed just after the row names the MP4.
    await until(async () => !fs.existsSync(path.join(videoDir, mp4.file.replace(/\.mp4$/, '.flv'))));
    const seconds = (mp4.ended_at!.getTime() - mp4.started_at.getTime()) / 1000;
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(6);
    // The file's time starts at 0 and lasts as long as the row says: the replay maps wall clock to file time.
    const probe = spawnSync('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=start_time,duration',
      '-of',
      'json',
      path.join(videoDir, mp4.file),
    ]);
    const format = (JSON.parse(probe.stdout.toString()) as { format: { start_time: string; duration: string } }).format;
    expect(Number(format.start_time)).toBeLessThan(0.1);
    expect(Math.abs(Number(format.duration) - seconds)).toBeLessThan(0.5);
    await p.stop();
    const all = await until(async () => {
      const list = await rows(droneId);
      return list.every((r) => r.ended_at !== null && r.file.endsWith('.mp4')) && list;
    });
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const r of all) expect(r.bytes).toBe(size(r.file));
    // Consecutive segments follow each other (they overlap by at most the group of pictures replayed).
    for (let i = 1; i < all.length; i++)
      expect(Math.abs(all[i]!.started_at.getTime() - all[i - 1]!.ended_at!.getTime())).toBeLessThan(1_500);
    expect((await call(h, 'GET', `/api/v1/drones/${droneId}/video`, { cookie: commander })).body.recording).toBe(false);
  });

  it('serves a case its recordings with Range requests, and refuses users out of scope', async () => {
    const { droneId, caseId, rtmpUrl } = await streamingDrone();
    const p = push(rtmpUrl);
    await until(async () => (await rows(droneId)).find((r) => r.ended_at && r.file.endsWith('.mp4')));
    await p.stop();
    const list = await call(h, 'GET', `/api/v1/cases/${caseId}/recordings`, { cookie: commander });
    expect(list.status).toBe(200);
    const rec = (list.body.recordings as { id: number; url: string; type: string; droneId: string }[]).find(
      (r) => r.type === 'video/mp4',
    )!;
    expect(rec).toMatchObject({ droneId, url: `/api/v1/video/recordings/${rec.id}` });
    const part = await fetch(`${h.base}${rec.url}`, { headers: { cookie: commander, range: 'bytes=0-99' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-type')).toBe('video/mp4');
    expect(part.headers.get('content-range')).toMatch(/^bytes 0-99\/\d+$/);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    const officer = await sessionFor(h, 'officer');
    expect((await call(h, 'GET', `/api/v1/cases/${caseId}/recordings`, { cookie: officer })).status).toBe(403);
    expect((await fetch(`${h.base}${rec.url}`, { headers: { cookie: officer } })).status).toBe(403);
    expect((await fetch(`${h.base}${rec.url}`)).status).toBe(401);
    expect(
      (await fetch(`${h.base}/api/v1/video/recordings/999999999`, { headers: { cookie: commander } })).status,
    ).toBe(404);
  });

  it('does not record a drone attached to no case, and stops when the drone is detached', async () => {
    const loose = await streamingDrone(false);
    const attached = await streamingDrone();
    push(loose.rtmpUrl);
    push(attached.rtmpUrl);
    await until(async () => (await rows(attached.droneId)).length > 0);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await rows(loose.droneId)).toEqual([]);
    const detached = await call(h, 'DELETE', `/api/v1/cases/${attached.caseId}/drones/${attached.droneId}`, {
      cookie: commander,
    });
    expect(detached.status).toBe(204);
    await until(async () => (await rows(attached.droneId)).every((r) => r.ended_at !== null));
    const count = (await rows(attached.droneId)).length;
    await new Promise((r) => setTimeout(r, 4_000));
    expect((await rows(attached.droneId)).length).toBe(count);
    await Promise.all(pushes.splice(0).map((x) => x.stop()));
  });

  it('keeps all recordings under the cap, oldest segments first', async () => {
    const { droneId, rtmpUrl } = await streamingDrone();
    push(rtmpUrl, 2_500, 640, 360);
    const firstId = (await until(async () => (await rows(droneId))[0])).id;
    await until(async () => !(await rows(droneId)).some((r) => r.id === firstId), 60_000);
    const total = await h.database.query<{ total: number }>(
      'select coalesce(sum(bytes), 0)::int8 as total from video_recordings where ended_at is not null',
    );
    expect(Number(total[0]!.total)).toBeLessThanOrEqual(1024 * 1024);
    const onDisk = (await rows(droneId)).filter((r) => r.ended_at).map((r) => r.file);
    // A row read just before its remux to MP4 or its removal by the cap may name a file that has just gone.
    for (const f of onDisk) {
      const present = fs.existsSync(path.join(videoDir, f)) || !(await rows(droneId)).some((r) => r.file === f);
      expect(present, f).toBe(true);
    }
    await Promise.all(pushes.splice(0).map((x) => x.stop()));
  });

  it('purges the segments of a case closed longer ago than the case-file retention', async () => {
    const { droneId, caseId, rtmpUrl } = await streamingDrone();
    const p = push(rtmpUrl);
    await until(async () => (await rows(droneId)).some((r) => r.ended_at));
    await p.stop();
    await until(async () => (await rows(droneId)).every((r) => r.ended_at));
    const files = (await rows(droneId)).map((r) => r.file);
    await h.database.query(`update cases set status = 'closed', closed_at = now() - interval '31 days' where id = $1`, [
      caseId,
    ]);
    await h.server.services.video.recorder.housekeep();
    expect(await rows(droneId)).toEqual([]);
    for (const f of files) expect(fs.existsSync(path.join(videoDir, f))).toBe(false);
  });
});
