/**
 * The replay plays the drones' recorded video in step with the slider, in Debian's Chromium against the real server.
 * Before the server starts, a closed case from an hour ago is written into its database with one recorded segment
 * of its drone (an H.264 MP4 made by ffmpeg into `<dataDir>/video`, as the recorder leaves them): 30 s from 120 s
 * after the case opened. The commander opens #/replay/<id>: the drone's video shows "no recording" outside the
 * segment, and inside it the file's time follows the slider, when seeking and while playing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openReplay, startE2eLookout } from './e2e-lookout.ts';
import { ROOT } from './lookout-process.ts';

const SEG = { from: 120, seconds: 30 };
const CLOSED = 600;
let caseId = '';
let droneId = '';

async function recordIncident(dataDir: string): Promise<void> {
  const tag = randomUUID().slice(0, 6);
  droneId = `rv-${tag}`;
  const T0 = new Date(Date.now() - 3600_000);
  T0.setMilliseconds(0);
  const ts = (s: number) => new Date(T0.getTime() + s * 1000).toISOString();
  const db = new PGlite(path.join(dataDir, 'pglite'), { extensions: { postgis } });
  await migrate(drizzle(db), { migrationsFolder: path.join(ROOT, 'db/migrations') });
  try {
    await db.query(`insert into drones (id, callsign, credential_hash) values ($1, '录像-1', '$7$101$x$y')`, [droneId]);
    caseId = (
      await db.query<{ id: string }>(
        `insert into cases (kind, status, title, ipp, subject_category, subject_count, terrain, created_at, closed_at)
         values ('lost_person', 'closed', '回放录像 测试', ST_SetSRID(ST_MakePoint(119.6, 29.3), 4326), 'hiker', 1,
                 'temperate_mountain', $1, $2) returning id`,
        [ts(0), ts(CLOSED)],
      )
    ).rows[0]!.id;
    for (const [type, s] of [
      ['opened', 0],
      ['closed', CLOSED],
    ] as const)
      await db.query(`insert into case_events (case_id, type, at, data) values ($1, $2, $3, '{}')`, [
        caseId,
        type,
        ts(s),
      ]);
    const file = `${caseId}/${droneId}/segment.mp4`;
    const abs = path.join(dataDir, 'video', file);
    mkdirSync(path.dirname(abs), { recursive: true });
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=320x180:rate=10`,
      '-t',
      String(SEG.seconds),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-g',
      '10',
      '-movflags',
      '+faststart',
      abs,
    ]);
    await db.query(
      `insert into video_recordings (case_id, drone_id, file, started_at, ended_at, bytes) values ($1, $2, $3, $4, $5, $6)`,
      [caseId, droneId, file, ts(SEG.from), ts(SEG.from + SEG.seconds), statSync(abs).size],
    );
  } finally {
    await db.close();
  }
}

/** Seek by the slider's input, as a drag does. */
async function seek(page: Page, s: number): Promise<void> {
  await page.getByTestId('replay-slider').evaluate((el, v) => {
    const input = el as HTMLInputElement;
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, s * 1000);
}

interface VideoState {
  segment: string;
  hidden: boolean;
  noneShown: boolean;
  currentTime: number;
  paused: boolean;
  readyState: number;
  error: number | null;
}

const videoState = (page: Page): Promise<VideoState> =>
  page.locator('[data-testid=replay-video]').evaluate((tile) => {
    const v = tile.querySelector('video')!;
    const none = tile.querySelector<HTMLElement>('.replay-video-none')!;
    return {
      segment: (tile as HTMLElement).dataset.segment ?? '',
      hidden: v.hidden,
      noneShown: !none.hidden,
      currentTime: v.currentTime,
      paused: v.paused,
      readyState: v.readyState,
      error: v.error?.code ?? null,
    };
  });

/** The replay's moment, in seconds after the segment's start. */
const offset = async (page: Page) => (await page.evaluate(() => window.__replay!.player!.t)) / 1000 - SEG.from;

describe('replay with recorded video', () => {
  const e2e = startE2eLookout({
    name: 'replay-video',
    roles: ['commander'],
    env: { ESCALATION_EVERY_S: '0', RTMP_PORT: '0' },
    beforeStart: recordIncident,
  });

  async function openReplayWithVideo(): Promise<Page> {
    const page = await openReplay(e2e, caseId);
    await page.locator('[data-testid=replay-video]', { hasText: '录像-1' }).waitFor();
    return page;
  }

  it('shows the segment covering the slider, its time following the slider; "no recording" elsewhere', async () => {
    const page = await openReplayWithVideo();
    // At the start: no segment covers the moment.
    await expect.poll(async () => (await videoState(page)).noneShown).toBe(true);
    expect(await videoState(page)).toMatchObject({ segment: '', hidden: true });
    await expect.poll(() => page.locator('[data-testid=replay-video] .replay-video-none').textContent()).toBe('无录像');

    await seek(page, SEG.from + 10);
    await expect.poll(async () => (await videoState(page)).hidden).toBe(false);
    expect((await videoState(page)).segment).toMatch(/^\d+$/);
    await expect.poll(async () => Math.abs((await videoState(page)).currentTime - 10)).toBeLessThan(0.2);
    expect((await videoState(page)).error).toBeNull();
    await expect.poll(async () => (await videoState(page)).readyState).toBeGreaterThanOrEqual(2);

    // The slider moves in whole seconds; the file's time is the replay's moment minus the segment's start.
    await seek(page, SEG.from + 22);
    await expect.poll(() => offset(page)).toBe(22);
    await expect.poll(async () => Math.abs((await videoState(page)).currentTime - 22)).toBeLessThan(0.2);
    await seek(page, SEG.from + 3);
    await expect.poll(async () => Math.abs((await videoState(page)).currentTime - 3)).toBeLessThan(0.2);
    expect((await videoState(page)).paused).toBe(true);

    await seek(page, SEG.from + SEG.seconds + 5);
    await expect.poll(async () => (await videoState(page)).hidden).toBe(true);
    expect((await videoState(page)).noneShown).toBe(true);
    expect(e2e.errors).toEqual([]);
  }, 240_000);

  it('plays with the replay and stops with it, in step with the replay time', async () => {
    const page = await openReplayWithVideo();
    await page.getByTestId('replay-speed-1').click();
    await seek(page, SEG.from + 5);
    await expect.poll(async () => Math.abs((await videoState(page)).currentTime - 5)).toBeLessThan(0.2);
    await page.getByTestId('replay-play').click();
    await expect.poll(async () => (await videoState(page)).paused).toBe(false);
    await expect.poll(async () => (await videoState(page)).currentTime, { timeout: 20_000 }).toBeGreaterThan(7);
    await page.getByTestId('replay-play').click(); // pause
    await expect.poll(async () => (await videoState(page)).paused).toBe(true);
    // Paused, the picture is the one of the replay's moment.
    const at = await offset(page);
    expect(at).toBeGreaterThan(7);
    await expect.poll(async () => Math.abs((await videoState(page)).currentTime - at)).toBeLessThan(0.2);
    expect(e2e.errors).toEqual([]);
  }, 240_000);
});
