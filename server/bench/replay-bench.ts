/**
 * The replay benchmark: a 3-hour incident with 5 drones at 2 Hz (108k fixes), 10 officers posting every
 * 5 s (21.6k positions), caller fixes, sightings, matches and one tadpole alert with deliveries, written with
 * set-based SQL; then Debian's Chromium opens #/replay/<id> and measures
 * - replay_load_ms: navigation start → the first frame with every track in the map's sources and the map idle
 *   (the page's `performance.now()` at that moment, which counts from navigation start);
 * - replay_frame_p99_ms: p99 of the requestAnimationFrame intervals over ~10 s of playing at 10× (wall time per
 *   frame, MapLibre's drawing included); `updateP99Ms` is the replay's own per-frame cost (building the frame's
 *   GeoJSON and handing it to setData).
 * The browser must have WebGL (launch it like web/e2e/harness.ts: SwiftShader flags), and the server must serve
 * the built web app (`npm run build:web`).
 */
import { gzipSync } from 'node:zlib';
import type { Database } from '@lookout/db';
import type { Browser } from 'playwright-core';

export const INCIDENT = { hours: 3, drones: 5, droneHz: 2, officers: 10, officerEveryS: 5 } as const;
const PLAY_MS = 10_000;

/** The page's globals this file reads (type-checked without the DOM library). */
declare const window: {
  __replay?: {
    readyAt: number | null;
    dataAt: number | null;
    firstFrameAt: number | null;
    durationMs: number;
    stats: { intervals: number[]; costs: number[] } | null;
    player: { seek(t: number): void; play(): void; pause(): void; setSpeed(s: number): void } | null;
  };
  __lookout?: { map: unknown; errors: string[] };
};
/** The page's resource timing (Node's `performance` type has no resource entries). */
type PagePerformance = {
  getEntriesByType(t: string): { name: string; startTime: number; responseEnd: number }[];
  getEntriesByName(n: string): { startTime: number }[];
};
declare const document: { documentElement: { dataset: Record<string, string | undefined> } };

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * q) - 1))] ?? NaN;
}

/** Writes the incident; returns the case id and how many track points it has. */
export async function seedIncident(database: Database): Promise<{ caseId: string; points: number }> {
  const tag = Math.random().toString(36).slice(2, 8);
  const lon = 118 + Math.random();
  const lat = 30 + Math.random();
  const durS = INCIDENT.hours * 3600;
  // Metres → degrees near lat.
  const mLat = 1 / 111_320;
  const mLon = 1 / (111_320 * Math.cos((lat * Math.PI) / 180));
  const q = (sql: string, params: unknown[] = []) => database.query<Record<string, unknown>>(sql, params);

  const [c] = await q(
    `insert into cases (kind, status, title, ipp, subject_category, subject_count, created_at, closed_at)
     values ('lost_person', 'closed', $1, ST_SetSRID(ST_MakePoint($2, $3), 4326), 'hiker', 3,
             now() - interval '10 minutes' - $4 * interval '1 second', now() - interval '10 minutes')
     returning id, created_at`,
    [`bench replay ${tag}`, lon, lat, durS],
  );
  const caseId = String(c!.id);
  const t0 = new Date(c!.created_at as string | Date).toISOString();

  await q(
    `insert into drones (id, callsign, credential_hash)
     select 'bench-' || $1 || '-' || d, '鹰眼-' || $1 || '-' || d, '$7$101$x$y' from generate_series(1, $2) d`,
    [tag, INCIDENT.drones],
  );
  // Each drone flies a circle of its own radius around the IPP, one lap every 10 minutes, from minute 2 on.
  await q(
    `insert into fixes (drone_id, reading_id, t, geom, alt_msl)
     select 'bench-' || $1 || '-' || d, gen_random_uuid(), $2::timestamptz + s * interval '1 second',
            ST_SetSRID(ST_MakePoint($3::float8 + (300 + d * 250) * sin(2 * pi() * s / 600 + d) * $5::float8,
                                    $4::float8 + (300 + d * 250) * cos(2 * pi() * s / 600 + d) * $6::float8), 4326), 400
       from generate_series(1, $7::int) d, (select n::float8 as s from generate_series(0::numeric, $8::numeric, $9::numeric) n) x`,
    [tag, t0, lon, lat, mLon, mLat, INCIDENT.drones, durS - 0.5 / INCIDENT.droneHz, 1 / INCIDENT.droneHz],
  );
  await q(
    `insert into users (username, display_name, password_hash, roles)
     select 'bench-' || $1 || '-o' || u, '警员 ' || u, 'x', '{officer}' from generate_series(1, $2) u`,
    [tag, INCIDENT.officers],
  );
  await q(
    `insert into units (user_id, callsign)
     select id, '巡逻 ' || split_part(username, '-o', 2) from users where username like 'bench-' || $1 || '-o%'`,
    [tag],
  );
  await q(
    `insert into assignments (case_id, unit_id, target_kind, target, status, created_at, updated_at)
     select $1::uuid, u.id, 'point', ST_SetSRID(ST_MakePoint($2, $3), 4326), 'on_scene', $4::timestamptz + interval '5 minutes',
            $4::timestamptz + interval '40 minutes'
       from units u join users us on us.id = u.user_id where us.username like 'bench-' || $5 || '-o%'`,
    [caseId, lon, lat, t0, tag],
  );
  // Officers walk outward from the IPP on their own bearing, posting every 5 s for the whole incident.
  await q(
    `insert into unit_positions (unit_id, t, geom, accuracy_m, idempotency_key)
     select u.id, $2::timestamptz + s * interval '1 second',
            ST_SetSRID(ST_MakePoint($3::float8 + s * 0.4 * sin(k) * $5::float8,
                                    $4::float8 + s * 0.4 * cos(k) * $6::float8), 4326), 8, gen_random_uuid()::text
       from (select u.id, row_number() over (order by u.id) as k from units u join users us on us.id = u.user_id
              where us.username like 'bench-' || $1 || '-o%') u,
            (select n::float8 as s from generate_series(0::numeric, $7::numeric, $8::numeric) n) x`,
    [tag, t0, lon, lat, mLon, mLat, durS - INCIDENT.officerEveryS, INCIDENT.officerEveryS],
  );
  // 30 caller fixes (every 6 minutes), 20 sightings (every 9 minutes) and a match for each sighting.
  await q(
    `insert into caller_locations (case_id, source, datum_received, lon_received, lat_received, geom, accuracy_m, t)
     select $1::uuid, 'link', 'wgs84', $3::float8 + i * 20 * $5::float8, $4::float8 + i * 10 * $6::float8,
            ST_SetSRID(ST_MakePoint($3::float8 + i * 20 * $5::float8, $4::float8 + i * 10 * $6::float8), 4326),
            30 + (i % 5) * 40, $2::timestamptz + i * interval '6 minutes'
       from generate_series(0, 29) i`,
    [caseId, t0, lon, lat, mLon, mLat],
  );
  await q(
    `insert into sightings (drone_id, reading_id, t, geom, unc_m, conf, kind, count, status, status_at, case_id)
     select 'bench-' || $1 || '-' || (1 + i % $7), gen_random_uuid(), $2::timestamptz + i * interval '9 minutes',
            ST_SetSRID(ST_MakePoint($3::float8 + i * 21 * $5::float8, $4::float8 + i * 9 * $6::float8), 4326), 15, 0.8,
            'person', 1, case when i % 4 = 0 then 'confirmed' else 'new' end,
            case when i % 4 = 0 then $2::timestamptz + i * interval '9 minutes' + interval '2 minutes' end, $8::uuid
       from generate_series(1, 20) i`,
    [tag, t0, lon, lat, mLon, mLat, INCIDENT.drones, caseId],
  );
  await q(
    `with m as (
       insert into matches (case_id, caller_location_id, sighting_id, distance_m, minutes_apart, score, status, created_at)
       select $1::uuid, cl.id, s.id, 25, 3, 0.8, case when s.status = 'confirmed' then 'confirmed' else 'proposed' end,
              s.t + interval '10 seconds'
         from sightings s
         join lateral (select id from caller_locations where case_id = $1::uuid and t <= s.t order by t desc limit 1) cl
           on true
        where s.case_id = $1::uuid
       returning id, sighting_id, caller_location_id, status)
     insert into case_events (case_id, type, at, data)
     select $1::uuid, 'match_confirmed', s.status_at,
            jsonb_build_object('matchId', m.id, 'sightingId', m.sighting_id, 'callerLocationId', m.caller_location_id)
       from m join sightings s on s.id = m.sighting_id where m.status = 'confirmed'`,
    [caseId],
  );
  // Already matched: a running server's catch-up sweep leaves them alone.
  await q(
    `insert into match_runs (subject, subject_id)
     select 'caller_location', id from caller_locations where case_id = $1::uuid
     union all select 'sighting', id from sightings where case_id = $1::uuid
     on conflict do nothing`,
    [caseId],
  );
  // The case's own steps, and one tadpole alert with its CAP message, five groups, three acknowledged.
  await q(
    `insert into case_events (case_id, type, at, data)
     select $1::uuid, e.type, $2::timestamptz + e.s * interval '1 second', '{}'::jsonb
       from (values ('opened', 0), ('acknowledged', 70), ('unit_dispatched', 300), ('unit_on_scene', 2400),
                    ('first_broadcast', 900), ('person_found', 9000), ('closed', $3::int)) e(type, s)`,
    [caseId, t0, durS],
  );
  await q(
    `with a as (
       insert into alerts (case_id, kind, status, age_band, point, seen_at, contact_phone, public_token_hash, expires_at,
                           created_at, verified_at)
       values ($1::uuid, 'lost_child', 'cancelled', '7-9', ST_SetSRID(ST_MakePoint($2, $3), 4326), $4, '110',
               gen_random_uuid()::text, $4::timestamptz + interval '1 day', $4::timestamptz + interval '14 minutes',
               $4::timestamptz + interval '15 minutes')
       returning id, created_at),
     c as (
       insert into cap_messages (alert_id, msg_type, identifier, sent, headline, description, area, radius_m, expires)
       select a.id, 'Alert', gen_random_uuid()::text, a.created_at + interval '1 minute', 'bench', 'bench',
              ST_Buffer(ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 3000)::geometry, 3000,
              a.created_at + interval '1 day'
         from a returning id, alert_id, sent),
     g as (
       insert into community_groups (name, channel, area)
       select '网格 ' || $5 || '-' || i, 'wecom', ST_Buffer(ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography, 2000)::geometry
         from generate_series(1, 5) i returning id)
     insert into deliveries (cap_message_id, alert_id, group_id, priority, status, created_at, sent_at, acknowledged_at)
     select c.id, c.alert_id, g.id, 0, case when row_number() over () <= 3 then 'acknowledged' else 'sent' end, c.sent,
            c.sent + interval '20 seconds',
            case when row_number() over () <= 3 then c.sent + (row_number() over ()) * interval '90 seconds' end
       from c, g`,
    [caseId, lon, lat, t0, tag],
  );
  const [n] = await q(
    `select (select count(*) from fixes where drone_id like 'bench-' || $1 || '-%')
          + (select count(*) from unit_positions p join units u on u.id = p.unit_id join users us on us.id = u.user_id
              where us.username like 'bench-' || $1 || '-o%') as n`,
    [tag],
  );
  return { caseId, points: Number(n!.n) };
}

export interface ReplayFigures {
  loadMs: number;
  frameP99Ms: number;
  points: number;
  /** The replay's own per-frame cost (p99, ms): scene building and setData, MapLibre's drawing excluded. */
  updateP99Ms: number;
  /** Page clock (ms from navigation start) when the replay data had arrived and was parsed, and its first frame set. */
  dataMs: number;
  /** Page clock when the replay request started and its last byte arrived. */
  fetchStartMs: number;
  fetchEndMs: number;
  /** Page clock when the response's JSON was parsed and when its tracks were decoded (web/src/replay/replay-api.ts). */
  parsedMs: number;
  decodedMs: number;
  firstFrameMs: number;
  frameP50Ms: number;
  frames: number;
  /** GET /cases/:id/replay from Node: time and size of the JSON. */
  apiMs: number;
  apiBytes: number;
  /** The same JSON gzipped at level 6, as the route sends it. */
  apiGzipBytes: number;
}

export async function measureReplay(opts: {
  base: string;
  cookie: { name: string; value: string };
  database: Database;
  browser: Browser;
}): Promise<ReplayFigures> {
  const { caseId, points } = await seedIncident(opts.database);
  const cookieHeader = `${opts.cookie.name}=${opts.cookie.value}`;
  // A kept-alive socket from before the seeding may have been closed by the server meanwhile: one retry.
  const get = () =>
    fetch(`${opts.base}/api/v1/cases/${caseId}/replay`, {
      headers: { cookie: cookieHeader, 'accept-encoding': 'gzip' },
    });
  await get()
    .then((r) => r.arrayBuffer())
    .catch(() => undefined);
  const apiStart = performance.now();
  const res = await get();
  const raw = await res.arrayBuffer();
  const apiMs = performance.now() - apiStart;
  if (res.status !== 200) throw new Error(`replay API answered ${res.status}`);

  const ctx = await opts.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  try {
    await ctx.addCookies([{ name: opts.cookie.name, value: opts.cookie.value, url: opts.base }]);
    const page = await ctx.newPage();
    await page.goto(`${opts.base}/#/replay/${caseId}`);
    try {
      await page.waitForFunction(() => document.documentElement.dataset.replayReady === 'true', undefined, {
        timeout: 120_000,
      });
    } catch (err) {
      const why = await page.evaluate(() => ({
        map: Boolean(window.__lookout?.map),
        errors: window.__lookout?.errors ?? [],
      }));
      throw new Error(
        `the replay never drew its first frame (map created: ${why.map}; map errors: ${why.errors.join('; ') || 'none'}); ` +
          'is WebGL on? launch Chromium with --use-gl=angle --use-angle=swiftshader --enable-unsafe-swiftshader',
        { cause: err },
      );
    }
    const load = await page.evaluate(() => ({
      readyAt: window.__replay!.readyAt!,
      dataAt: window.__replay!.dataAt!,
      firstFrameAt: window.__replay!.firstFrameAt!,
      fetch: (performance as unknown as PagePerformance)
        .getEntriesByType('resource')
        .filter((e) => e.name.includes('/replay'))
        .map((e) => [e.startTime, e.responseEnd] as [number, number]),
      parsed: (performance as unknown as PagePerformance).getEntriesByName('replay:parsed')[0]?.startTime ?? NaN,
      decoded: (performance as unknown as PagePerformance).getEntriesByName('replay:decoded')[0]?.startTime ?? NaN,
    }));
    if (load.fetch.length !== 1) throw new Error(`the page requested the replay ${load.fetch.length} times, not once`);
    // Play at 10× from the first hour, after clearing the figures of the load.
    await page.evaluate(() => {
      const r = window.__replay!;
      r.player!.seek(3_600_000);
      r.player!.setSpeed(10);
      r.stats!.intervals.length = 0;
      r.stats!.costs.length = 0;
      r.player!.play();
    });
    await page.waitForTimeout(PLAY_MS);
    const stats = await page.evaluate(() => {
      const r = window.__replay!;
      r.player!.pause();
      return { intervals: [...r.stats!.intervals], costs: [...r.stats!.costs] };
    });
    // The first interval spans the play() call; the rest are frames.
    const intervals = stats.intervals.slice(1);
    if (intervals.length < 10) throw new Error(`only ${intervals.length} frames in ${PLAY_MS} ms`);
    return {
      loadMs: load.readyAt,
      dataMs: load.dataAt,
      fetchStartMs: load.fetch[0]![0],
      fetchEndMs: load.fetch[0]![1],
      parsedMs: load.parsed,
      decodedMs: load.decoded,
      firstFrameMs: load.firstFrameAt,
      frameP50Ms: quantile(intervals, 0.5),
      frames: intervals.length,
      frameP99Ms: quantile(intervals, 0.99),
      points,
      updateP99Ms: quantile(stats.costs, 0.99),
      apiMs,
      apiBytes: raw.byteLength,
      apiGzipBytes: gzipSync(Buffer.from(raw), { level: 6 }).length,
    };
  } finally {
    await ctx.close();
  }
}

/** The figures of one replay measurement, in one line. */
export function describeReplay(f: ReplayFigures, basemap: string): string {
  return (
    `replay of a ${INCIDENT.hours}-hour incident (${INCIDENT.drones} drones at ${INCIDENT.droneHz} Hz, ${INCIDENT.officers} officers; ${basemap}): ` +
    `${f.points} track points; API ${f.apiMs.toFixed(0)} ms, ${(f.apiBytes / 1024).toFixed(0)} KiB JSON ` +
    `(${(f.apiGzipBytes / 1024).toFixed(0)} KiB gzipped); page: request ${f.fetchStartMs.toFixed(0)}–${f.fetchEndMs.toFixed(0)} ms, ` +
    `JSON parsed at ${f.parsedMs.toFixed(0)} ms, tracks decoded at ${f.decodedMs.toFixed(0)} ms, data in the page at ` +
    `${f.dataMs.toFixed(0)} ms, first frame set at ${f.firstFrameMs.toFixed(0)} ms, on screen (map idle) at ` +
    `${f.loadMs.toFixed(0)} ms; playing at 10×: ${f.frames} frames, interval p50 ${f.frameP50Ms.toFixed(1)} ms, ` +
    `p99 ${f.frameP99Ms.toFixed(1)} ms; the replay's own per-frame update p99 ${f.updateP99Ms.toFixed(2)} ms`
  );
}
