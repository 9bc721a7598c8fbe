/**
 * bench:board — the commander board with 200 open and 10k closed cases (PGlite in a temporary folder, or with
 * DATABASE_URL a real PostgreSQL database whose name says bench; the built web app, Debian's Chromium at
 * 1280×800): time from opening #/board (signed in) to all 200 rows drawn, and the
 * time from a case step written through the API to its row showing it (the live socket's case event, the board's
 * refetch of that one case and redraw), p99 over 60 steps after 5 untimed ones; then the whole-incident replay of a 3-hour incident
 * (replay-bench.ts): time to load and frame time playing at 10×. Build the web app first (`npm run build:web`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDb } from '@lookout/db';
import { assertProductionWebBuild, startBenchStack } from './bench-stack.ts';
import { describeReplay, measureReplay, quantile } from './replay-bench.ts';

const OPEN = 200;
const CLOSED = 10_000;
const STEPS = 60;
/** Changes made before the timed ones: the first live change pays for cold code paths and caches. */
const WARMUP = 5;
/** The page's own document (this file is type-checked without the DOM library). */
declare const document: {
  body: { innerText: string };
  querySelectorAll(s: string): { length: number };
  querySelector(s: string): { getAttribute(n: string): string | null } | null;
};

assertProductionWebBuild();

const dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-bench-board-'));
const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl && !new URL(databaseUrl).pathname.includes('bench'))
  throw new Error('DATABASE_URL must name a database kept for benchmarks (e.g. …/lookout_bench): the bench fills it');
const database = await openDb(databaseUrl ? { databaseUrl } : { dataDir: path.join(dataDir, 'db') });
try {
  // An earlier run's open cases would be on the board too.
  if (databaseUrl) await database.query(`update cases set status = 'closed', closed_at = now() where status = 'open'`);
  await database.query(
    `with c as (
       insert into cases (kind, title, status, created_at, closed_at)
       select case when i % 3 = 0 then 'lost_child' else 'lost_person' end, '已结案 ' || i, 'closed',
              now() - interval '40 days' + i * interval '5 minutes', now() - interval '40 days' + i * interval '5 minutes' + interval '2 hours'
         from generate_series(1, ${CLOSED}) i returning id, created_at, closed_at)
     insert into case_events (case_id, type, at)
     select id, 'opened', created_at from c union all select id, 'closed', closed_at from c`,
  );
  await database.query(
    `with c as (
       insert into cases (kind, title, created_at)
       select case when i % 4 = 0 then 'found_child' else 'lost_person' end, '进行中 ' || i, now() - i * interval '7 seconds'
         from generate_series(1, ${OPEN}) i returning id, kind, created_at)
     insert into case_events (case_id, type, at)
     select id, case when kind = 'lost_person' then 'opened' else 'tadpole_reported' end, created_at from c`,
  );
  const stack = await startBenchStack({ database, dataDir });
  const { base, browser, cookieHeader: cookie } = stack;
  const { name, value } = stack.cookie;
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await ctx.addCookies([{ name, value, url: base }]);
    const page = await ctx.newPage();
    // Where a live change spends its time: the socket frame naming the case, and the partial refetch.
    const frameAt = new Map<string, number>();
    const fetchMs = new Map<string, number>();
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        const text = typeof payload === 'string' ? payload : payload.toString();
        for (const m of text.matchAll(/"caseId":"([0-9a-f-]{36})"/g))
          if (!frameAt.has(m[1]!)) frameAt.set(m[1]!, performance.now());
      }),
    );
    let fullBoardMs = NaN;
    page.on('requestfinished', (req) => {
      if (req.url().endsWith('/api/v1/board') && Number.isNaN(fullBoardMs)) {
        const t = req.timing();
        fullBoardMs = t.responseEnd - t.requestStart;
      }
      const m = /board\?cases=([0-9a-f-]{36})$/.exec(req.url());
      const t = req.timing();
      if (m && !fetchMs.has(m[1]!)) fetchMs.set(m[1]!, t.responseEnd - t.requestStart);
    });
    const t0 = performance.now();
    await page.goto(`${base}/#/board`);
    await page
      .waitForFunction((n) => document.querySelectorAll('[data-testid=board-row]').length >= n, OPEN, {
        timeout: 60_000,
        polling: 'raf',
      })
      .catch(async (err: unknown) => {
        const rows = await page.evaluate(() => document.querySelectorAll('[data-testid=board-row]').length);
        const text = await page.evaluate(() => document.body.innerText.slice(0, 300));
        throw new Error(`the board drew ${rows} of ${OPEN} rows; page: ${text}`, { cause: err });
      });
    const firstRender = performance.now() - t0;
    // Let the live socket settle before timing changes.
    await page.waitForTimeout(1500);
    const ids = await page.$$eval('[data-testid=board-row][data-step=reported]', (els) =>
      els.map((e) => e.getAttribute('data-case')!).filter(Boolean),
    );
    const lostPerson = ids.slice(0, (STEPS + WARMUP) * 2);
    let made = 0;
    const times: number[] = [];
    const toFrame: number[] = [];
    const fetches: number[] = [];
    const posts: number[] = [];
    for (const id of lostPerson) {
      const step = await page.$eval(`[data-case="${id}"]`, (e) => e.getAttribute('data-step'));
      if (step !== 'reported') continue;
      const waiting = page.waitForFunction(
        (caseId) => document.querySelector(`[data-case="${caseId}"]`)?.getAttribute('data-step') !== 'reported',
        id,
        { timeout: 10_000, polling: 'raf' },
      );
      const s = performance.now();
      const res = await fetch(`${base}/api/v1/cases/${id}/acknowledge`, { method: 'POST', headers: { cookie } });
      posts.push(performance.now() - s);
      if (res.status !== 200) {
        waiting.catch(() => undefined);
        throw new Error(`acknowledge answered ${res.status}: ${await res.text()}`);
      }
      await waiting.catch(async (err: unknown) => {
        const conn = await page.evaluate(() => document.querySelector('[data-conn]')?.getAttribute('data-conn'));
        const row = await page.$eval(`[data-case="${id}"]`, (e) => e.getAttribute('data-step'));
        throw new Error(`row ${id} still ${row}, live ${conn}: ${String(err)}`);
      });
      const took = performance.now() - s;
      if (++made <= WARMUP) {
        posts.pop();
        await page.waitForTimeout(100);
        continue;
      }
      times.push(took);
      const f = frameAt.get(id);
      if (f !== undefined) toFrame.push(f - s);
      const q = fetchMs.get(id);
      if (q !== undefined) fetches.push(q);
      if (times.length >= STEPS) break;
      await page.waitForTimeout(100);
    }
    const p99 = quantile(times, 0.99);
    console.log(
      `board: ${OPEN} open, ${CLOSED} closed; first render ${firstRender.toFixed(0)} ms, ` +
        `of which GET /board ${fullBoardMs.toFixed(0)} ms`,
    );
    console.log(
      `live change (POST → row redrawn), ${times.length} changes after ${WARMUP} untimed: p50 ${quantile(times, 0.5).toFixed(0)} ms, ` +
        `p90 ${quantile(times, 0.9).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`,
    );
    console.log(
      `  of which POST answered p50 ${quantile(posts, 0.5).toFixed(0)} / p99 ${quantile(posts, 0.99).toFixed(0)} ms, ` +
        `POST → socket frame p50 ${quantile(toFrame, 0.5).toFixed(0)} / p99 ${quantile(toFrame, 0.99).toFixed(0)} ms, ` +
        `partial refetch p50 ${quantile(fetches, 0.5).toFixed(0)} / p99 ${quantile(fetches, 0.99).toFixed(0)} ms`,
    );
    await ctx.close();

    const replay = await measureReplay({ ...stack, database });
    console.log(describeReplay(replay, 'XYZ raster basemap'));
    console.log(
      `bench:board first_render_ms=${firstRender.toFixed(0)} p99_live_ms=${p99.toFixed(0)} ` +
        `replay_load_ms=${replay.loadMs.toFixed(0)} replay_frame_p99_ms=${replay.frameP99Ms.toFixed(1)}`,
    );
  } finally {
    await stack.close();
  }
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
