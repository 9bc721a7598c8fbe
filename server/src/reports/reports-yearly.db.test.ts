import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { call } from '../testing/case-factories.ts';
import { createReportsRepo } from './reports.repo.ts';
import { createReportsService } from './reports.service.ts';

/**
 * Hand-built cases of one station over 2031 and 2032 (a leap year), whose yearly figures are worked out by hand
 * below. Local times are Asia/Shanghai (UTC+8): the instants are written in UTC with the local time beside them.
 */
let h: Harness;
let cookie: string;
const station = `年报所-${randomUUID().slice(0, 8)}`;
const fresh = `${station}-新`;

const at = (base: string, afterS: number) => new Date(Date.parse(base) + afterS * 1000).toISOString();

async function caseAt(
  kind: 'lost_person' | 'lost_child' | 'found_child',
  t0: string,
  events: [string, number, Record<string, unknown>?][],
  o: { station?: string; closed?: boolean } = {},
): Promise<void> {
  const [row] = await h.database.query<{ id: string }>(
    `insert into cases (kind, title, created_at, station, status) values ($1, $2, $3, $4, $5) returning id`,
    [kind, `yearly ${kind}`, t0, o.station ?? station, o.closed ? 'closed' : 'open'],
  );
  const first = kind === 'lost_person' ? 'opened' : 'tadpole_reported';
  for (const [type, s, data] of [[first, 0] as [string, number], ...events]) {
    await h.database.query(`insert into case_events (case_id, type, at, data) values ($1, $2, $3, $4)`, [
      row!.id,
      type,
      at(t0, s),
      JSON.stringify(data ?? {}),
    ]);
  }
}

const found = (s: number, outcome = 'found_safe'): [string, number, Record<string, unknown>?][] => [
  ['person_found', s],
  ['closed', s + 60, { outcome }],
];
const reunited = (s: number): [string, number][] => [
  ['child_found', s],
  ['closed', s + 60],
];

beforeAll(async () => {
  h = await startHarness();
  cookie = await sessionFor(h, 'commander');

  // 2031, last year.
  await caseAt('lost_person', '2031-01-10T02:00:00.000Z', [['acknowledged', 60], ...found(3600)], { closed: true }); // L1
  await caseAt('lost_child', '2031-02-15T02:00:00.000Z', reunited(4200), { closed: true }); // L2: past the 1 h target
  await caseAt('found_child', '2031-02-28T15:59:59.000Z', reunited(1800), { closed: true }); // L3: 02-28 23:59:59 local
  await caseAt('found_child', '2031-02-03T02:00:00.000Z', []); // L6
  await caseAt('lost_person', '2031-02-10T02:00:00.000Z', [['acknowledged', 300]]); // L7
  await caseAt('lost_person', '2031-02-28T16:00:00.000Z', [['acknowledged', 30]]); // L4: 03-01 00:00 local
  await caseAt('lost_person', '2031-12-31T15:30:00.000Z', [['acknowledged', 90]]); // L5: 12-31 23:30 local

  // 2032.
  await caseAt('lost_person', '2031-12-31T16:00:00.000Z', [['acknowledged', 60], ...found(2400)], { closed: true }); // C1: 01-01 00:00 local
  await caseAt('lost_child', '2032-01-20T02:00:00.000Z', reunited(2400), { closed: true }); // C2
  await caseAt('lost_person', '2032-01-30T02:00:00.000Z', []); // C8
  await caseAt('found_child', '2032-02-10T02:00:00.000Z', []); // C4
  await caseAt('lost_person', '2032-02-20T02:00:00.000Z', [['acknowledged', 100]]); // C7
  await caseAt('lost_child', '2032-02-28T16:30:00.000Z', reunited(1200), { closed: true }); // C3: 02-29 00:30 local
  await caseAt('lost_person', '2032-02-29T16:00:00.000Z', [['acknowledged', 10]]); // C6: 03-01 00:00 local
  await caseAt('lost_person', '2032-02-05T02:00:00.000Z', [['acknowledged', 10]], { station: `${station}-别处` });

  await caseAt('lost_child', '2032-02-05T02:00:00.000Z', reunited(600), { station: fresh, closed: true });
});
afterAll(async () => {
  await h?.close();
});

const q = (params: Record<string, string>) => `/api/v1/reports/yearly?${new URLSearchParams(params)}`;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely
type Body = Record<string, any>;
const interval = (p: Body, key: string) => (p.intervals as Body[]).find((i) => i.key === key)!;

describe('GET /reports/yearly', () => {
  it('gives the year to date and the same span last year, bounded by Asia/Shanghai days', async () => {
    const res = await call(h, 'GET', q({ year: '2032', month: '2', station }), { cookie });
    expect(res.status).toBe(200);
    const b = res.body as Body;
    expect(b).toMatchObject({ year: 2032, month: '2032-02', station, timeZone: 'Asia/Shanghai', partial: false });
    // 2032-01-01 00:00 local … 2032-03-01 00:00 local: C1 (the first minute of the year) … C3 (leap day), not C6.
    expect(b.periods.yearToDate).toMatchObject({
      from: '2031-12-31T16:00:00.000Z',
      to: '2032-02-29T16:00:00.000Z',
      firstDate: '2032-01-01',
      lastDate: '2032-02-29',
      cases: {
        total: 6,
        byKind: { lost_person: 3, lost_child: 2, found_child: 1 },
        byOutcome: { found_safe: 1, reunited: 2, open: 3 },
      },
    });
    // 2031 has no February 29th; L3 (23:59:59 on the 28th) is in, L4 (1st March, 00:00) and L5 (December) out.
    expect(b.periods.yearToDateLastYear).toMatchObject({
      firstDate: '2031-01-01',
      lastDate: '2031-02-28',
      cases: { total: 5, byKind: { lost_person: 2, lost_child: 1, found_child: 2 } },
    });
  });

  it('compares year on year: counts, times to reunion and to find, share within target', async () => {
    const b = (await call(h, 'GET', q({ year: '2032', month: '02', station }), { cookie })).body as Body;
    const yoy = b.yearOnYear as Body;
    expect(yoy.cases.total).toEqual({ current: 6, base: 5, delta: 1, relative: 0.2 });
    expect(yoy.cases.byKind.found_child).toEqual({ current: 1, base: 2, delta: -1, relative: -0.5 });
    expect(yoy.cases.byOutcome.open).toEqual({ current: 3, base: 2, delta: 1, relative: 0.5 });
    // Reunion (children): 2400 1200 against 4200 1800: mean 1800 vs 3000 (−40 %), within 1 h 2/2 vs 1/2.
    expect(interval(yoy, 'reunion')).toEqual({
      key: 'reunion',
      n: { current: 2, base: 2, delta: 0, relative: 0 },
      medianS: { current: 1800, base: 3000, delta: -1200, relative: -0.4 },
      meanS: { current: 1800, base: 3000, delta: -1200, relative: -0.4 },
      withinShare: { current: 1, base: 0.5, delta: 0.5, relative: 1 },
    });
    // Found (lost persons): 2400 against 3600: −33.3 %.
    expect(interval(yoy, 'found').meanS).toEqual({ current: 2400, base: 3600, delta: -1200, relative: -0.333 });
    // Acknowledged: 60 100 against 60 300: mean 80 vs 180, median the same; within 2 min 2/2 vs 1/2.
    expect(interval(yoy, 'acknowledged')).toMatchObject({
      meanS: { current: 80, base: 180, delta: -100, relative: -0.556 },
      withinShare: { current: 1, base: 0.5 },
    });
    expect(interval(b.periods.yearToDate, 'reunion')).toMatchObject({
      n: 2,
      meanS: 1800,
      medianS: 1800,
      targetS: 3600,
    });
  });

  it('compares the month with the whole month before and with the same month last year', async () => {
    const b = (await call(h, 'GET', q({ year: '2032', month: '2', station }), { cookie })).body as Body;
    expect(b.periods.month).toMatchObject({ firstDate: '2032-02-01', lastDate: '2032-02-29', cases: { total: 3 } });
    // January: C1, C2, C8; L5 (23:30 on New Year's Eve) is December's.
    expect(b.periods.previousMonth).toMatchObject({ lastDate: '2032-01-31', cases: { total: 3 } });
    expect(b.monthOnMonth.cases.total).toEqual({ current: 3, base: 3, delta: 0, relative: 0 });
    expect(b.periods.monthLastYear).toMatchObject({ lastDate: '2031-02-28', cases: { total: 4 } });
    expect(b.monthYearOnYear.cases.total).toEqual({ current: 3, base: 4, delta: -1, relative: -0.25 });
    expect(interval(b.monthYearOnYear, 'reunion').meanS).toEqual({
      current: 1200,
      base: 3000,
      delta: -1800,
      relative: -0.6,
    });
  });

  it('counts the cases per month, this year to the chosen month and the whole of last year', async () => {
    const b = (await call(h, 'GET', q({ year: '2032', month: '2', station }), { cookie })).body as Body;
    expect(b.perMonth).toHaveLength(12);
    expect(b.perMonth[0]).toEqual({ month: 1, thisYear: 3, lastYear: 1 });
    expect(b.perMonth[1]).toEqual({ month: 2, thisYear: 3, lastYear: 4 });
    expect(b.perMonth[2]).toEqual({ month: 3, thisYear: null, lastYear: 1 });
    expect(b.perMonth[11]).toEqual({ month: 12, thisYear: null, lastYear: 1 });
  });

  it('in the running month every span ends today: on a leap day, February 28th last year', async () => {
    const reports = createReportsService({
      repo: createReportsRepo(h.database),
      homeStation: '永康市公安局',
      now: () => new Date('2032-02-29T04:00:00.000Z'),
    });
    const r = await reports.yearly({ station });
    expect(r).toMatchObject({ year: 2032, month: '2032-02', partial: true });
    expect(r.periods.yearToDate.lastDate).toBe('2032-02-29');
    expect(r.periods.yearToDateLastYear.lastDate).toBe('2031-02-28');
    // January through the 29th: C8 (the 30th) is left out.
    expect(r.periods.previousMonth).toMatchObject({ lastDate: '2032-01-29', cases: { total: 2 } });
    expect(r.monthOnMonth.cases.total).toEqual({ current: 3, base: 2, delta: 1, relative: 0.5 });
  });

  it('a station with nothing last year: no relative change, no time to compare', async () => {
    const b = (await call(h, 'GET', q({ year: '2032', month: '2', station: fresh }), { cookie })).body as Body;
    expect(b.yearOnYear.cases.total).toEqual({ current: 1, base: 0, delta: 1, relative: null });
    expect(interval(b.yearOnYear, 'reunion').meanS).toEqual({ current: 600, base: null, delta: null, relative: null });
    expect(interval(b.yearOnYear, 'reunion').withinShare).toEqual({
      current: 1,
      base: null,
      delta: null,
      relative: null,
    });
  });

  it('a past year without a month runs to December', async () => {
    const b = (await call(h, 'GET', q({ year: '2031', station }), { cookie })).body as Body;
    expect(b).toMatchObject({ year: 2031, month: '2031-12', partial: false });
    expect(b.periods.yearToDate.cases.total).toBe(7);
    expect(b.periods.month.cases.total).toBe(1);
  });

  it('exports CSV: a row per compared figure, then cases per month', async () => {
    const res = await fetch(
      `${h.base}${q({ year: '2032', month: '2', station })}`.replace('/yearly?', '/yearly.csv?'),
      {
        headers: { cookie },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="lookout-report-2032-02-ytd.csv"/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('station,comparison,current_dates,base_dates,section,item,current,base,delta,change_pct');
    const ytd = `${station},year_on_year,2032-01-01..2032-02-29,2031-01-01..2031-02-28`;
    expect(lines).toContain(`${ytd},cases,total,6,5,1,20`);
    expect(lines).toContain(`${ytd},interval,reunion mean_s,1800,3000,-1200,-40`);
    expect(lines).toContain(`${ytd},interval,reunion within_target_pct,100,50,50,100`);
    expect(lines).toContain(
      `${station},month_on_month,2032-02-01..2032-02-29,2032-01-01..2032-01-31,cases,total,3,3,0,0`,
    );
    expect(lines).toContain(`${station},per_month,2032-03,2031-03,cases,total,,1,,`);
  });

  it('refuses a bad year or month, a NUL and a too long station with 400', async () => {
    for (const year of ['1999', '2101', 'abc', '20321', '', '2032.0']) {
      const res = await call(h, 'GET', q({ year }), { cookie });
      expect(res.status, `year=${year}`).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
    }
    for (const month of ['0', '13', '00', '1.5', '-1', 'Feb', '2032-02', '']) {
      const res = await call(h, 'GET', q({ year: '2032', month }), { cookie });
      expect(res.status, `month=${month}`).toBe(400);
    }
    expect((await call(h, 'GET', q({ station: 'x'.repeat(65) }), { cookie })).status).toBe(400);
    expect((await call(h, 'GET', q({ station: '   ' }), { cookie })).status).toBe(400);
    for (const tail of ['station=a%00b', 'year=20%0032', 'month=%00']) {
      const res = await call(h, 'GET', `/api/v1/reports/yearly?${tail}`, { cookie });
      expect(res.status, tail).toBe(400);
    }
    const csv = await fetch(`${h.base}/api/v1/reports/yearly.csv?month=13`, { headers: { cookie } });
    expect(csv.status).toBe(400);
  });

  it('is for commanders and admins only', async () => {
    for (const path of [q({ year: '2032' }), q({ year: '2032' }).replace('/yearly?', '/yearly.csv?')]) {
      for (const role of ['officer', 'liaison', 'pilot'] as const) {
        const res = await call(h, 'GET', path, { cookie: await sessionFor(h, role) });
        expect(res.status, `${role} ${path}`).toBe(403);
      }
      expect((await call(h, 'GET', path)).status).toBe(401);
      expect((await call(h, 'GET', path, { cookie: await sessionFor(h, 'admin') })).status).toBe(200);
    }
  });
});
