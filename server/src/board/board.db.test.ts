import { boardResponse } from '@lookout/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@lookout/db';
import { expectContract } from '../testing/contract.ts';
import { sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { call } from '../testing/case-factories.ts';
import { createBoardRepo } from './board.repo.ts';
import { createBoardService, startEscalationTicker, type Breach } from './board.service.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

/** A case opened `ageS` ago with the given (type, seconds after the report) events. */
async function caseWith(
  database: Database,
  kind: 'lost_person' | 'lost_child' | 'found_child',
  ageS: number,
  events: [string, number][] = [],
): Promise<string> {
  const [row] = await database.query<{ id: string }>(
    `insert into cases (kind, title, created_at) values ($1, $2, $3) returning id`,
    [kind, `board ${kind} ${ageS}`, ago(ageS)],
  );
  const id = String(row!.id);
  const first = kind === 'lost_person' ? 'opened' : 'tadpole_reported';
  for (const [type, afterS] of [[first, 0] as [string, number], ...events]) {
    await database.query(`insert into case_events (case_id, type, at) values ($1, $2, $3)`, [
      id,
      type,
      ago(ageS - afterS),
    ]);
  }
  return id;
}

async function breachEvents(caseId: string) {
  return h.database.query<{ data: { step: string; target_s: number; elapsed_s: number } }>(
    `select data from case_events where case_id = $1 and type = 'clock_breached' order by seq`,
    [caseId],
  );
}

describe('GET /board', () => {
  it('lists open cases of every kind, most urgent first, with their running clock and counts', async () => {
    const ok = await caseWith(h.database, 'lost_person', 30);
    const dueSoon = await caseWith(h.database, 'lost_person', 100);
    const late = await caseWith(h.database, 'lost_person', 1000, [['acknowledged', 60]]);
    const child = await caseWith(h.database, 'lost_child', 200, [['alert_verified', 60]]);
    const closed = await caseWith(h.database, 'lost_person', 5000, [['closed', 10]]);
    await h.database.query(`update cases set status = 'closed' where id = $1`, [closed]);

    const res = await call(h, 'GET', '/api/v1/board', { cookie: await sessionFor(h, 'commander') });
    expect(res.status).toBe(200);
    expectContract(boardResponse, res.body);
    const mine = (res.body.cases as { id: string }[]).filter((c) => [ok, dueSoon, late, child, closed].includes(c.id));
    // Within one urgency, the least time left first: ok has 90 s left of 120, the child 100 s of 300.
    expect(mine.map((c) => c.id)).toEqual([late, dueSoon, ok, child]);
    const byId = Object.fromEntries(mine.map((c) => [c.id, c])) as Record<string, Record<string, unknown>>;
    expect(byId[late]).toMatchObject({
      kind: 'lost_person',
      step: 'acknowledged',
      urgency: 'breached',
      clock: { step: 'on_scene', from: 'reported', targetS: 900 },
      counts: { units: 0, matches: 0, tips: 0, alerts: 0 },
    });
    expect((byId[late]!.clock as { elapsedS: number }).elapsedS).toBeGreaterThanOrEqual(1000);
    expect(byId[dueSoon]).toMatchObject({ urgency: 'due_soon', clock: { step: 'acknowledged', targetS: 120 } });
    expect(byId[child]).toMatchObject({
      kind: 'lost_child',
      step: 'verified',
      urgency: 'ok',
      clock: { step: 'first_broadcast', targetS: 300 },
    });
    expect(byId[ok]).toMatchObject({ urgency: 'ok', step: 'reported' });
  });

  it('answers only the named cases that are still open (the page refetches what a live event named)', async () => {
    const a = await caseWith(h.database, 'lost_person', 10);
    const b = await caseWith(h.database, 'lost_child', 10);
    const closed = await caseWith(h.database, 'lost_person', 10, [['closed', 5]]);
    await h.database.query(`update cases set status = 'closed' where id = $1`, [closed]);
    const cookie = await sessionFor(h, 'commander');
    const res = await call(h, 'GET', `/api/v1/board?cases=${a},${closed}`, { cookie });
    expect(res.status).toBe(200);
    expect((res.body.cases as { id: string }[]).map((c) => c.id)).toEqual([a]);
    expect(typeof res.body.now).toBe('string');
    expect(b).not.toBe(a);
    const many = Array.from({ length: 51 }, () => a).join(',');
    for (const bad of ['not-a-uuid', `${a},1`, ',', many]) {
      const r = await call(h, 'GET', `/api/v1/board?cases=${encodeURIComponent(bad)}`, { cookie });
      expect(r.status, bad).toBe(400);
    }
  });

  it.each(['officer', 'pilot', 'liaison'] as const)('refuses the %s role', async (role) => {
    expect((await call(h, 'GET', '/api/v1/board', { cookie: await sessionFor(h, role) })).status).toBe(403);
  });

  it('refuses no session', async () => {
    expect((await call(h, 'GET', '/api/v1/board', {})).status).toBe(401);
  });
});

describe('escalation', () => {
  it('records one clock_breached per (case, step) across two tickers and a restart', async () => {
    const late = await caseWith(h.database, 'lost_person', 200);
    const fine = await caseWith(h.database, 'lost_person', 20);
    const ids = new Set([late, fine]);
    const told: Breach[] = [];
    const make = () =>
      createBoardService({
        repo: createBoardRepo(h.database),
        scope: (id) => ids.has(id),
        notify: async (b) => {
          told.push(b);
        },
      });
    // Two servers ticking at once.
    const [a, b] = await Promise.all([make().tick(), make().tick()]);
    expect([...a, ...b].map((x) => [x.caseId, x.step])).toEqual([[late, 'acknowledged']]);
    // Tickers running for a while, then a restart.
    const t1 = startEscalationTicker(make(), 20);
    const t2 = startEscalationTicker(make(), 20);
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all([t1.stop(), t2.stop()]);
    expect(await make().tick()).toEqual([]);
    const events = await breachEvents(late);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ step: 'acknowledged', target_s: 120 });
    expect(events[0]!.data.elapsed_s).toBeGreaterThanOrEqual(200);
    expect(await breachEvents(fine)).toEqual([]);
    expect(told.map((x) => x.caseId)).toEqual([late]);

    // The next clock (on scene, 15 min) breaches on its own, once; acknowledging does not clear a breach.
    await h.database.query(`update cases set created_at = $2 where id = $1`, [late, ago(1000)]);
    await h.database.query(`update case_events set at = $2 where case_id = $1 and type = 'opened'`, [late, ago(1000)]);
    await h.database.query(`insert into case_events (case_id, type) values ($1, 'acknowledged')`, [late]);
    expect((await make().tick()).map((x) => x.step)).toEqual(['on_scene']);
    expect(await make().tick()).toEqual([]);
    expect((await breachEvents(late)).map((e) => e.data.step)).toEqual(['acknowledged', 'on_scene']);
  });

  it('shows a breach on the board and the live feed gets the event', async () => {
    const late = await caseWith(h.database, 'found_child', 400, [['alert_verified', 30]]);
    const svc = createBoardService({ repo: createBoardRepo(h.database), scope: (id) => id === late });
    const [breach] = await svc.tick();
    expect(breach).toMatchObject({ caseId: late, step: 'first_broadcast', targetS: 300 });
    const board = await svc.board();
    expect(board.cases.find((c) => c.id === late)).toMatchObject({ urgency: 'breached' });
  });
});
