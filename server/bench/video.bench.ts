/**
 * bench:video — one 2 Mbit/s 1080p-like stream (Debian's ffmpeg, a test pattern with the frame's wall-clock
 * millisecond drawn into it as blocks) through the embedded media server to 1 → 20 viewers.
 *
 *   npm run bench:video                 embedded PGlite; VIEWERS=1,5,10,20 STEP_S=10 BROWSERS=1
 *
 * Viewers: BROWSERS Chromium pages playing HTTP-FLV with mpegts.js (the web app's player) and the rest HTTP clients
 * in a child process (the same bytes through the same fan-out; their parsing is not server CPU). Figures per step:
 *   latency   frame made (ffmpeg, before encoding) → frame shown in Chromium (requestVideoFrameCallback, the blocks
 *             read back from a canvas): encode + RTMP + media server + HTTP-FLV + decode + display
 *   fanout    the media server received a tag (a tap inside the server) → an HTTP viewer received it
 *   cpu       this process (the server) per wall second; per viewer: the slope over the steps (least squares)
 *   dropped   video frames a viewer did not get (expected from the server's ingest count) and frames the server
 *             dropped for slow viewers
 *   delivery  tags received by the HTTP viewers ÷ (viewers × tags ingested): 1 when nobody misses anything
 * The raw limit in the same run: `raw_p50_ms`, the same pattern pulled by ffmpeg straight from the RTMP listener
 * and timed by its own clock is not comparable; instead the one-viewer step is the floor the others are measured
 * against (`p99_ratio` = p99 at the last step ÷ p99 with one viewer).
 * Ends with `bench:video viewers=… p50_latency_ms=… p99_latency_ms=… cpu_per_viewer_pct=… …`.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { call } from '../src/testing/case-factories.ts';
import { insertDrone, sessionFor, startHarness } from '../src/testing/harness.ts';
import { CLOCK_BITS, FRAME_BITS, ROW_HEIGHT, pushTestPattern } from '../src/video/testing/test-pattern.ts';
import { flvTagInfo } from '../src/video/flv-viewer.ts';

const say = (s: string) => process.stdout.write(`${s}\n`);
const here = path.dirname(fileURLToPath(import.meta.url));
const STEPS = (process.env.VIEWERS ?? '1,5,10,20').split(',').map(Number);
const STEP_S = Number(process.env.STEP_S ?? 10);
const BROWSERS = Number(process.env.BROWSERS ?? 1);
const FPS = 25;

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

const PAGE = `<!doctype html><html><body style="margin:0;background:#000">
<video id="v" muted autoplay playsinline style="width:480px"></video>
<script src="/__bench/mpegts.js"></script>
<script>
window.samples = []; window.frames = 0; window.errors = [];
const v = document.getElementById('v');
const c = document.createElement('canvas');
const g = c.getContext('2d', { willReadFrequently: true });
function start(url) {
  const p = mpegts.createPlayer({ type: 'flv', isLive: true, url }, {
    enableStashBuffer: false, liveBufferLatencyChasing: true, liveBufferLatencyMaxLatency: 1.2, liveBufferLatencyMinRemain: 0.3,
  });
  p.on(mpegts.Events.ERROR, (t, d) => window.errors.push(t + ' ' + d));
  p.attachMediaElement(v); p.load(); p.play();
}
function row(data, w, bits, y) {
  let val = 0;
  for (let k = 0; k < bits; k++) {
    const x = Math.floor(((k + 0.5) * w) / bits);
    if (data[(y * w + x) * 4] > 128) val += 2 ** k;
  }
  return val;
}
function onFrame(now, meta) {
  const w = v.videoWidth, rows = ${2 * ROW_HEIGHT};
  if (w) {
    if (c.width !== w) { c.width = w; c.height = rows; }
    g.drawImage(v, 0, 0, w, rows, 0, 0, w, rows);
    const d = g.getImageData(0, 0, w, rows).data;
    const shown = performance.timeOrigin + meta.expectedDisplayTime;
    const clock = row(d, w, ${CLOCK_BITS}, ${ROW_HEIGHT + ROW_HEIGHT / 2});
    const span = 2 ** ${CLOCK_BITS};
    window.samples.push({ frame: row(d, w, ${FRAME_BITS}, ${ROW_HEIGHT / 2}), late: (((shown % span) - clock) % span + span) % span, at: Date.now() });
    window.frames++;
  }
  v.requestVideoFrameCallback(onFrame);
}
v.requestVideoFrameCallback(onFrame);
</script></body></html>`;

async function main() {
  const h = await startHarness({ env: { VIDEO_MEDIA: 'embedded', RTMP_PORT: '0' } });
  const admin = await sessionFor(h, 'admin');
  const commander = await sessionFor(h, 'commander');
  const drone = await insertDrone(h.database, 'BENCH-1');
  const key = await call(h, 'POST', `/api/v1/drones/${drone.id}/video/publish-key`, { cookie: admin });
  const video = h.server.services.video;

  // Ingest reference: when the server got each video tag, by its FLV timestamp.
  const ingested = new Map<number, number>();
  let ingestTags = 0;
  video.media()!.tap(drone.id, {
    id: 'bench-ingest',
    ip: '',
    protocol: 'flv',
    endTime: 0,
    sendBuffer(b) {
      const tag = flvTagInfo(b);
      if (tag?.type !== 9 || tag.config) return;
      ingestTags++;
      ingested.set(b.readUIntBE(4, 3) + b[7]! * 0x1000000, Date.now());
    },
  });

  const push = pushTestPattern({ url: key.body.rtmpUrl, width: 1920, height: 1080, fps: FPS, kbps: 2000, gopS: 1 });
  const playUrl = async () =>
    `${h.base}${(await call(h, 'POST', `/api/v1/drones/${drone.id}/video/play`, { cookie: commander, body: {} })).body.url}`;

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'],
  });
  const mpegtsFile = createRequire(import.meta.url).resolve('mpegts.js/dist/mpegts.js');
  const pages = [];
  for (let i = 0; i < BROWSERS; i++) {
    const page = await (await browser.newContext()).newPage();
    await page.route('**/__bench/page.html', (r) => r.fulfill({ contentType: 'text/html', body: PAGE }));
    await page.route('**/__bench/mpegts.js', (r) =>
      r.fulfill({ contentType: 'text/javascript', body: readFileSync(mpegtsFile, 'utf8') }),
    );
    await page.goto(`${h.base}/__bench/page.html`);
    await page.evaluate(`start(${JSON.stringify(await playUrl())})`);
    pages.push(page);
  }
  pages[0]!.on('console', (m) => process.env.BENCH_DEBUG && say(`page: ${m.text()}`));
  pages[0]!.on('pageerror', (e) => say(`page error: ${e.message}`));
  await pages[0]!.waitForFunction(`window.frames > ${FPS}`, undefined, { timeout: 30_000 });

  const child = fork(path.join(here, 'video-viewers.ts'), [], { execArgv: ['--import', 'tsx'] });
  let fanout: number[] = [];
  let counted: ((tags: number[]) => void) | undefined;
  child.on('message', (m: { samples?: { dts: number; at: number }[]; counted?: number[] }) => {
    for (const s of m.samples ?? []) {
      const got = ingested.get(s.dts);
      if (got !== undefined) fanout.push(s.at - got);
    }
    if (m.counted) counted?.(m.counted);
  });
  /** Each HTTP viewer's tags so far, with the server's ingest count at the same moment. */
  const snapshot = () =>
    new Promise<{ tags: number[]; ingest: number }>((resolve) => {
      counted = (tags) => resolve({ tags, ingest: ingestTags });
      child.send({ count: true });
    });

  // Warm-up: the JIT, the first GOPs and the first samples of the page are not part of any step.
  await new Promise((r) => setTimeout(r, 5_000));
  say(`bench:video stream 1920x1080 ${FPS} fps 2000 kbit/s, ${os.cpus().length} cores, ${BROWSERS} Chromium viewer(s)`);
  say('viewers  p50_ms  p99_ms  fanout_p50  fanout_p99  server_cpu_pct  dropped  delivery');
  const rows: {
    viewers: number;
    p50: number;
    p99: number;
    cpu: number;
    fp99: number;
    dropped: number;
    delivery: number;
  }[] = [];
  const urls: string[] = [];
  for (const viewers of STEPS) {
    const httpViewers = Math.max(0, viewers - BROWSERS);
    while (urls.length < httpViewers) urls.push(await playUrl());
    child.send({ viewers: httpViewers, urls });
    await new Promise((r) => setTimeout(r, 3_000));
    for (const p of pages) await p.evaluate('window.samples = []');
    fanout = [];
    const before = await snapshot();
    const droppedBefore = (await h.server.services.video.metrics.droppedFrames.get()).values[0]?.value ?? 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, STEP_S * 1000));
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - t0;
    const late: number[] = [];
    for (const p of pages) late.push(...((await p.evaluate('window.samples.map((s) => s.late)')) as number[]));
    const after = await snapshot();
    const ingest = after.ingest - before.ingest;
    const got = after.tags.slice(0, httpViewers).map((n, i) => n - (before.tags[i] ?? 0));
    const serverDropped =
      ((await h.server.services.video.metrics.droppedFrames.get()).values[0]?.value ?? 0) - droppedBefore;
    const missed = got.reduce((a, n) => a + Math.max(0, ingest - n), 0);
    const row = {
      viewers,
      p50: pct(late, 50),
      p99: pct(late, 99),
      cpu: ((cpu.user + cpu.system) / 1000 / wall) * 100,
      fp50: pct(fanout, 50),
      fp99: pct(fanout, 99),
      dropped: missed + serverDropped,
      delivery: httpViewers ? got.reduce((a, n) => a + n, 0) / (httpViewers * ingest) : 1,
    };
    rows.push(row);
    say(
      `${String(viewers).padStart(7)}  ${row.p50.toFixed(0).padStart(6)}  ${row.p99.toFixed(0).padStart(6)}  ${row.fp50.toFixed(0).padStart(10)}  ${row.fp99.toFixed(0).padStart(10)}  ${row.cpu.toFixed(1).padStart(14)}  ${String(row.dropped).padStart(7)}  ${row.delivery.toFixed(3)}`,
    );
  }
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  // The slope of server CPU over viewers (least squares over the steps): one step's noise does not decide it.
  const mx = rows.reduce((a, r) => a + r.viewers, 0) / rows.length;
  const my = rows.reduce((a, r) => a + r.cpu, 0) / rows.length;
  const sxx = rows.reduce((a, r) => a + (r.viewers - mx) ** 2, 0);
  const perViewer = sxx > 0 ? rows.reduce((a, r) => a + (r.viewers - mx) * (r.cpu - my), 0) / sxx : last.cpu;
  child.send({ stop: true });
  await browser.close();
  await push.stop();
  await h.close();
  say(
    `bench:video viewers=${last.viewers} p50_latency_ms=${last.p50.toFixed(0)} p99_latency_ms=${last.p99.toFixed(0)} cpu_per_viewer_pct=${perViewer.toFixed(2)} fanout_p99_ms=${last.fp99.toFixed(0)} dropped_frames=${last.dropped} delivery_ratio=${last.delivery.toFixed(3)} p99_ratio_vs_one_viewer=${(last.p99 / first.p99).toFixed(2)}`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
