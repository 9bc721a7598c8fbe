import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, login, sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { call, openCase } from '../testing/case-factories.ts';
import { currentMonth } from '../tadpole/clocks/clocks.service.ts';

/**
 * Hand-built cases of one station and month, whose figures are worked out by hand below (linear-interpolation
 * quantiles: p-quantile at position (n − 1)·p of the sorted values).
 */
let h: Harness;
let cookie: string;
const station = `测试所-${randomUUID().slice(0, 8)}`;
const other = `${station}-别处`;
const MONTH = '2031-03';

const at = (base: string, afterS: number) => new Date(Date.parse(base) + afterS * 1000).toISOString();

async function caseAt(
  kind: 'lost_person' | 'lost_child' | 'found_child',
  t0: string,
  events: [string, number, Record<string, unknown>?][],
  o: { station?: string; closed?: boolean } = {},
): Promise<string> {
  const [row] = await h.database.query<{ id: string }>(
    `insert into cases (kind, title, created_at, station, status) values ($1, $2, $3, $4, $5) returning id`,
    [kind, `report ${kind}`, t0, o.station ?? station, o.closed ? 'closed' : 'open'],
  );
  const id = String(row!.id);
  const first = kind === 'lost_person' ? 'opened' : 'tadpole_reported';
  for (const [type, s, data] of [[first, 0] as [string, number], ...events]) {
    await h.database.query(`insert into case_events (case_id, type, at, data) values ($1, $2, $3, $4)`, [
      id,
      type,
      at(t0, s),
      JSON.stringify(data ?? {}),
    ]);
  }
  return id;
}

/** An alert of the case (SQL: the report reads rows, not the tadpole flow). */
async function alertOf(caseId: string, kind: 'lost_child' | 'found_child', t0: string): Promise<string> {
  const [a] = await h.database.query<{ id: string }>(
    `insert into alerts (case_id, kind, age_band, point, seen_at, contact_phone, public_token_hash, expires_at, created_at)
     values ($1, $2, 'child_4_6', ST_SetSRID(ST_MakePoint(10, -40), 4326), $3, '13800000000', $4, $3::timestamptz + interval '1 day', $3)
     returning id`,
    [caseId, kind, t0, randomUUID()],
  );
  return String(a!.id);
}

/** A disabled group far out at sea (no other test's alert selects it). */
async function group(members: number): Promise<string> {
  const [g] = await h.database.query<{ id: string }>(
    `insert into community_groups (name, channel, member_count, area, disabled)
     values ($1, 'forward_kit', $2, ST_Buffer(ST_SetSRID(ST_MakePoint(10, -40), 4326), 0.001), true) returning id`,
    [`报表群-${randomUUID().slice(0, 6)}`, members],
  );
  return String(g!.id);
}

async function delivered(alertId: string, groupId: string, sentAt: string, msgType = 'Alert'): Promise<void> {
  const [m] = await h.database.query<{ id: number }>(
    `insert into cap_messages (alert_id, msg_type, identifier, headline, description, area, radius_m, expires)
     values ($1, $2, $3, 'h', 'd', ST_Buffer(ST_SetSRID(ST_MakePoint(10, -40), 4326), 0.001), 100, $4::timestamptz + interval '1 day')
     returning id`,
    [alertId, msgType, randomUUID(), sentAt],
  );
  await h.database.query(
    `insert into deliveries (cap_message_id, alert_id, group_id, priority, status, sent_at) values ($1, $2, $3, 0, 'sent', $4)`,
    [m!.id, alertId, groupId, sentAt],
  );
}

async function tip(alertId: string, receivedAt: string, useful: boolean | null): Promise<void> {
  await h.database.query(
    `insert into tips (alert_id, seen_at, text, useful, received_at) values ($1, $2, 'x', $3, $2)`,
    [alertId, receivedAt, useful],
  );
}

beforeAll(async () => {
  h = await startHarness();
  cookie = await sessionFor(h, 'commander');

  // Asia/Shanghai month: 2031-03-01 00:00 +08:00 = 2031-02-28T16:00Z … 2031-04-01 00:00 +08:00 = 2031-03-31T16:00Z.
  const P1 = '2031-02-28T16:00:00.000Z'; // 03-01 00:00 local: in
  const P2 = '2031-03-31T15:59:59.000Z'; // 03-31 23:59:59 local: in
  await caseAt('lost_person', '2031-02-28T15:59:59.000Z', [['acknowledged', 1]]); // 02-28 local: out
  await caseAt('lost_person', '2031-03-31T16:00:00.000Z', [['acknowledged', 1]]); // 04-01 local: out
  await caseAt('lost_person', '2031-03-10T02:00:00.000Z', [['acknowledged', 1]], { station: other }); // other station

  await caseAt(
    'lost_person',
    P1,
    [
      ['acknowledged', 60],
      ['unit_on_scene', 600],
      ['person_found', 3000],
      ['closed', 3600, { outcome: 'found_safe' }],
    ],
    { closed: true },
  );
  await caseAt(
    'lost_person',
    P2,
    [
      ['acknowledged', 100],
      ['unit_on_scene', 1200],
      ['closed', 7200, { outcome: 'not_found' }],
    ],
    { closed: true },
  );
  await caseAt('lost_person', '2031-03-05T01:00:00.000Z', [
    ['acknowledged', 300],
    ['unit_on_scene', 800],
  ]);
  // P4: out of order (on scene written before the acknowledgement), and the acknowledgement corrected to +150 s.
  const P4 = '2031-03-06T01:00:00.000Z';
  await caseAt('lost_person', P4, [
    ['unit_on_scene', 950],
    ['acknowledged', 90],
    ['clock_corrected', 2000, { step: 'acknowledged', at: at(P4, 150), reason: '值班记录更正' }],
  ]);
  await caseAt('lost_person', '2031-03-07T01:00:00.000Z', []); // P5: not acknowledged yet

  // T1: broadcast from the deliveries (+250 s, before the jobs' event at +270 s), two groups, two tips.
  const T1 = '2031-03-12T03:00:00.000Z';
  const t1 = await caseAt(
    'lost_child',
    T1,
    [
      ['alert_verified', 100],
      ['first_broadcast', 270],
      ['child_found', 1800],
      ['handed_over', 2000],
      ['closed', 2000],
    ],
    { closed: true },
  );
  const a1 = await alertOf(t1, 'lost_child', T1);
  const gA = await group(200);
  const gB = await group(50);
  await delivered(a1, gA, at(T1, 250));
  await delivered(a1, gB, at(T1, 260));
  await tip(a1, at(T1, 400), false);
  await tip(a1, at(T1, 700), true);
  // T2: broadcast only as an event, one useful tip, reunion by the guardian's verification.
  const T2 = '2031-03-12T05:00:00.000Z';
  const t2 = await caseAt(
    'found_child',
    T2,
    [
      ['alert_verified', 200],
      ['first_broadcast', 400],
      ['guardian_verified', 4000],
      ['closed', 4000],
    ],
    { closed: true },
  );
  const a2 = await alertOf(t2, 'found_child', T2);
  await tip(a2, at(T2, 1000), true);
  // T3: delivered at +150 s, but the first broadcast corrected to +500 s; a Cancel never counts as a broadcast.
  const T3 = '2031-03-20T05:00:00.000Z';
  const t3 = await caseAt('lost_child', T3, [
    ['alert_verified', 90],
    ['clock_corrected', 900, { step: 'first_broadcast', at: at(T3, 500), reason: '群未实际收到' }],
  ]);
  const a3 = await alertOf(t3, 'lost_child', T3);
  await delivered(a3, gA, at(T3, 150));
  await delivered(a3, gA, at(T3, 100), 'Cancel');
});
afterAll(async () => {
  await h?.close();
});

const q = (params: Record<string, string>) => `/api/v1/reports/monthly?${new URLSearchParams(params)}`;

describe('GET /reports/monthly', () => {
  it('counts the month’s cases of the station by kind and outcome, with Asia/Shanghai month boundaries', async () => {
    const res = await call(h, 'GET', q({ month: MONTH, station }), { cookie });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      month: MONTH,
      station,
      timeZone: 'Asia/Shanghai',
      from: '2031-02-28T16:00:00.000Z',
      to: '2031-03-31T16:00:00.000Z',
      cases: {
        total: 8,
        byKind: { lost_person: 5, lost_child: 2, found_child: 1 },
        byOutcome: { found_safe: 1, not_found: 1, open: 4, reunited: 2 },
      },
      tadpole: { cases: 3, alerts: 3, groupsReached: 3, membersReached: 450, tips: 3, usefulTips: 2 },
    });
    expect(res.body.stations).toEqual(expect.arrayContaining([station, other]));
    const days = res.body.perDay as { date: string; byKind: Record<string, number> }[];
    expect(days).toHaveLength(31);
    expect(days[0]).toEqual({ date: '2031-03-01', byKind: { lost_person: 1, lost_child: 0, found_child: 0 } });
    expect(days[30]).toEqual({ date: '2031-03-31', byKind: { lost_person: 1, lost_child: 0, found_child: 0 } });
    expect(days[11]).toEqual({ date: '2031-03-12', byKind: { lost_person: 0, lost_child: 1, found_child: 1 } });
  });

  it('derives each interval from the event log (corrections and out-of-order events) against its target', async () => {
    const res = await call(h, 'GET', q({ month: MONTH, station }), { cookie });
    const byKey: Record<string, { withinShare: number | null }> = Object.fromEntries(
      (res.body.intervals as { key: string; withinShare: number | null }[]).map((i) => [i.key, i]),
    );
    // acknowledged: 60, 100, 300, 150 (corrected from 90), 100, 200, 90 → 60 90 100 100 150 200 300.
    // median = 100; p90 at 5.4 = 200 + 0.4·100 = 240; within 120 s: 60 90 100 100 = 4 of 7.
    expect(byKey.acknowledged).toMatchObject({ n: 7, medianS: 100, p90S: 240, targetS: 120, withinTarget: 4 });
    expect(byKey.acknowledged!.withinShare).toBeCloseTo(4 / 7, 10);
    // on scene: 600 1200 800 950 → 600 800 950 1200; median 875; p90 at 2.7 = 950 + 0.7·250 = 1125; ≤ 900: 2 of 4.
    expect(byKey.on_scene).toMatchObject({ n: 4, medianS: 875, p90S: 1125, targetS: 900, withinTarget: 2 });
    expect(byKey.on_scene!.withinShare).toBe(0.5);
    expect(byKey.found).toMatchObject({ n: 1, medianS: 3000, p90S: 3000, targetS: null, withinShare: null });
    // first broadcast: 250 (deliveries), 400 (event), 500 (corrected) → median 400; p90 at 1.8 = 480; ≤ 300: 1 of 3.
    expect(byKey.first_broadcast).toMatchObject({ n: 3, medianS: 400, p90S: 480, targetS: 300, withinTarget: 1 });
    expect(byKey.first_broadcast!.withinShare).toBeCloseTo(1 / 3, 10);
    // first tip after the broadcast: 400−250 = 150, 1000−400 = 600 → median 375, p90 at 0.9 = 150 + 0.9·450 = 555.
    expect(byKey.first_tip).toMatchObject({ n: 2, medianS: 375, p90S: 555, targetS: null });
    // first useful tip: 700−250 = 450, 600 → median 525, p90 = 450 + 0.9·150 = 585.
    expect(byKey.first_useful_tip).toMatchObject({ n: 2, medianS: 525, p90S: 585 });
    // reunion: 1800, 4000 → median 2900, p90 = 1800 + 0.9·2200 = 3780; ≤ 3600: 1 of 2.
    expect(byKey.reunion).toMatchObject({ n: 2, medianS: 2900, p90S: 3780, targetS: 3600, withinTarget: 1 });
    expect(byKey.reunion!.withinShare).toBe(0.5);
    // closed: 3600 7200 2000 4000 → 2000 3600 4000 7200; median 3800; p90 at 2.7 = 4000 + 0.7·3200 = 6240.
    expect(byKey.closed).toMatchObject({ n: 4, medianS: 3800, p90S: 6240, targetS: null });
  });

  it('gives a case the station of the user who opened it; no station means the home station', async () => {
    const s3 = `${station}-三`;
    const u = await createTestUser(h.database, 'commander');
    await h.database.query(`update users set station = $1 where username = $2`, [s3, u.username]);
    const id = await openCase(h, await login(h.base, u.username, u.password));
    const [row] = await h.database.query<{ station: string | null }>(`select station from cases where id = $1`, [id]);
    expect(row!.station).toBe(s3);
    const res = await call(h, 'GET', q({ station: s3 }), { cookie });
    expect(res.body).toMatchObject({
      month: currentMonth(new Date()),
      cases: { total: 1, byKind: { lost_person: 1 } },
    });

    const home = await openCase(h, cookie);
    const [r2] = await h.database.query<{ station: string | null }>(`select station from cases where id = $1`, [home]);
    expect(r2!.station).toBeNull();
    const homeReport = await call(h, 'GET', '/api/v1/reports/monthly', { cookie });
    expect(homeReport.body.station).toBe('永康市公安局');
    expect(homeReport.body.cases.total).toBeGreaterThanOrEqual(1);
  });

  it('exports CSV with the formula guard on text cells', async () => {
    const evil = `=HYPERLINK("http://x")-${randomUUID().slice(0, 4)}`;
    await caseAt('lost_person', '2031-03-15T01:00:00.000Z', [['acknowledged', 30]], { station: evil });
    const res = await fetch(`${h.base}${q({ month: MONTH, station: evil })}`.replace('/monthly?', '/monthly.csv?'), {
      headers: { cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="lookout-report-2031-03.csv"/);
    const text = await res.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'station,month,section,item,kinds,n,median_s,p90_s,target_s,within_target,within_target_pct,value',
    );
    // Every row starts with the station, quoted and defused.
    expect(lines[1]!.startsWith(`"'=HYPERLINK(""http://x"")`)).toBe(true);
    expect(
      lines.some((l) =>
        l.includes(
          ',interval,acknowledged (reported → acknowledged),lost_person lost_child found_child,1,30,30,120,1,100,',
        ),
      ),
    ).toBe(true);
    expect(text).not.toMatch(/(^|\r\n)=/);
  });

  it('refuses bad input with 400 and other roles with 403', async () => {
    for (const month of ['2026-13', 'abc', '2026-00', '2026-1', '1999-12']) {
      const res = await call(h, 'GET', q({ month }), { cookie });
      expect(res.status, month).toBe(400);
    }
    expect((await call(h, 'GET', q({ station: 'x'.repeat(65) }), { cookie })).status).toBe(400);
    expect((await call(h, 'GET', q({ station: '   ' }), { cookie })).status).toBe(400);
    const csv = await fetch(`${h.base}/api/v1/reports/monthly.csv?month=2026-13`, { headers: { cookie } });
    expect(csv.status).toBe(400);
    for (const role of ['officer', 'liaison', 'pilot'] as const) {
      const res = await call(h, 'GET', q({ month: MONTH }), { cookie: await sessionFor(h, role) });
      expect(res.status, role).toBe(403);
    }
    expect((await call(h, 'GET', q({ month: MONTH }))).status).toBe(401);
    const admin = await call(h, 'GET', q({ month: MONTH, station }), { cookie: await sessionFor(h, 'admin') });
    expect(admin.status).toBe(200);
  });
});
