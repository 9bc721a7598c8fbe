import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseClocks } from '../board/case-clocks.ts';
import { call, openCase } from '../testing/case-factories.ts';
import { createTestUser, login, sessionFor, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function userId(cookie: string): Promise<string> {
  const me = await call(h, 'GET', '/api/v1/auth/me', { cookie });
  return String((me.body as { user: { id: string } }).user.id);
}

/** Audit rows of this actor and action, newest first (written after the response: poll a little). */
async function auditOf(actorId: string, action: string) {
  for (let i = 0; i < 40; i++) {
    const rows = await h.database.query<{ detail: { caseIds?: string[] } }>(
      `select detail from audit_log where actor_id = $1 and action = $2 order by id desc`,
      [actorId, action],
    );
    if (rows.length) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

describe('POST /cases/:id/clock-corrections', () => {
  it('writes a clock_corrected event with the reason, which the clocks read; the original events stay', async () => {
    const cookie = await sessionFor(h, 'commander');
    const id = await openCase(h, cookie);
    expect((await call(h, 'POST', `/api/v1/cases/${id}/acknowledge`, { cookie })).status).toBe(200);
    const at = new Date(Date.now() - 60_000).toISOString();
    const res = await call(h, 'POST', `/api/v1/cases/${id}/clock-corrections`, {
      cookie,
      body: { step: 'acknowledged', at, reason: '电话先接通，系统晚录入' },
    });
    expect(res.status).toBe(201);
    expect(res.body.correction).toMatchObject({
      type: 'clock_corrected',
      data: { step: 'acknowledged', at, reason: '电话先接通，系统晚录入' },
    });
    expect(res.body.times.acknowledged).toBe(at);

    const detail = await call(h, 'GET', `/api/v1/cases/${id}`, { cookie });
    const events = detail.body.events as { seq: number; type: string; at: string; data: Record<string, unknown> }[];
    expect(events.map((e) => e.type)).toEqual(['opened', 'acknowledged', 'clock_corrected']);
    // The clocks of the board read the correction (the data shape case-clocks.ts expects).
    expect(caseClocks('lost_person', events, new Date()).times.acknowledged).toBe(at);

    // A second correction of the same step wins; a closed-case step and a report time are correctable too.
    const earlier = new Date(Date.now() - 90_000).toISOString();
    const again = await call(h, 'POST', `/api/v1/cases/${id}/clock-corrections`, {
      cookie: await sessionFor(h, 'admin'),
      body: { step: 'acknowledged', at: earlier, reason: '核对通话记录' },
    });
    expect(again.status).toBe(201);
    expect(again.body.times.acknowledged).toBe(earlier);
  });

  it('answers 400 for an unknown step, a future time, a missing or short reason, a bad time', async () => {
    const cookie = await sessionFor(h, 'commander');
    const id = await openCase(h, cookie);
    const past = new Date(Date.now() - 60_000).toISOString();
    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    for (const body of [
      { step: 'first_broadcast', at: past, reason: 'not a lost-person step' },
      { step: 'lunch', at: past, reason: 'unknown step' },
      { step: 'acknowledged', at: future, reason: 'in the future' },
      { step: 'acknowledged', at: past },
      { step: 'acknowledged', at: past, reason: '  x ' },
      { step: 'acknowledged', at: past, reason: 'x'.repeat(501) },
      { step: 'acknowledged', at: 'yesterday', reason: 'bad time' },
      { at: past, reason: 'no step' },
    ]) {
      const res = await call(h, 'POST', `/api/v1/cases/${id}/clock-corrections`, { cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const rows = await h.database.query(`select 1 from case_events where case_id = $1 and type = 'clock_corrected'`, [
      id,
    ]);
    expect(rows).toHaveLength(0);
  });

  it('answers 404 for an unknown case, 403 for officer, pilot and liaison, 401 without a session', async () => {
    const body = { step: 'acknowledged', at: new Date(Date.now() - 1000).toISOString(), reason: '核对通话记录' };
    const commander = await sessionFor(h, 'commander');
    expect(
      (await call(h, 'POST', `/api/v1/cases/${randomUUID()}/clock-corrections`, { cookie: commander, body })).status,
    ).toBe(404);
    const id = await openCase(h, commander);
    for (const role of ['officer', 'pilot', 'liaison'] as const) {
      const cookie = await sessionFor(h, role);
      expect((await call(h, 'POST', `/api/v1/cases/${id}/clock-corrections`, { cookie, body })).status, role).toBe(403);
    }
    expect((await call(h, 'POST', `/api/v1/cases/${id}/clock-corrections`, { body })).status).toBe(401);
  });
});

describe('GET /cases: an officer sees his cases in full and the other open cases in brief', () => {
  it('officer vs commander', async () => {
    const commander = await sessionFor(h, 'commander');
    const officerUser = await createTestUser(h.database, 'officer');
    const officer = await login(h.base, officerUser.username, officerUser.password);
    const officerId = await userId(officer);
    const commanderId = await userId(commander);

    const phone = { reporterPhone: '13800001111', description: '报警人：张先生，车停在水库边' };
    const assigned = await openCase(h, commander, phone);
    const other = await openCase(h, commander, phone);
    const own = await openCase(h, officer, phone);
    const closedOther = await openCase(h, commander, phone);
    await call(h, 'POST', `/api/v1/cases/${closedOther}/close`, { cookie: commander, body: { outcome: 'found_safe' } });
    // The officer's unit is assigned to `assigned`.
    const [unit] = await h.database.query<{ id: string }>(
      `insert into units (user_id, callsign) values ($1, $2) returning id`,
      [officerId, `u-${randomUUID().slice(0, 6)}`],
    );
    await h.database.query(
      `insert into assignments (case_id, unit_id, target_kind, target, created_by)
       values ($1, $2, 'point', ST_SetSRID(ST_MakePoint(120.07, 28.95), 4326), $3)`,
      [assigned, unit!.id, commanderId],
    );

    type Row = { id: string; reporterPhone?: string; description?: string; brief?: boolean; status: string };
    const asOfficer = await call(h, 'GET', '/api/v1/cases?status=all', { cookie: officer });
    expect(asOfficer.status).toBe(200);
    const seen = new Map((asOfficer.body.cases as Row[]).map((c) => [c.id, c]));
    expect(seen.get(assigned)).toMatchObject({ reporterPhone: '13800001111', description: phone.description });
    expect(seen.get(own)).toMatchObject({ reporterPhone: '13800001111' });
    expect(seen.get(assigned)!.brief).toBeUndefined();
    const brief = seen.get(other)!;
    expect(brief).toMatchObject({ id: other, brief: true, status: 'open' });
    expect(brief).not.toHaveProperty('reporterPhone');
    expect(brief).not.toHaveProperty('description');
    expect(seen.has(closedOther)).toBe(false);
    // No brief row carries a phone, whoever opened it.
    expect((asOfficer.body.cases as Row[]).filter((c) => c.brief && 'reporterPhone' in c)).toEqual([]);

    // The officer's read of the phones is audited: exactly his two cases with phones, not the brief one.
    const officerAudit = await auditOf(officerId, 'caller_phone_list_read');
    expect(officerAudit[0]!.detail.caseIds!.sort()).toEqual([assigned, own].sort());

    // The commander sees every case in full, the closed one too, and that read is audited.
    const asCommander = await call(h, 'GET', '/api/v1/cases?status=all', { cookie: commander });
    const full = new Map((asCommander.body.cases as Row[]).map((c) => [c.id, c]));
    for (const id of [assigned, other, own, closedOther]) {
      expect(full.get(id), id).toMatchObject({ reporterPhone: '13800001111' });
      expect(full.get(id)!.brief).toBeUndefined();
    }
    const commanderAudit = await auditOf(commanderId, 'caller_phone_list_read');
    expect(commanderAudit[0]!.detail.caseIds).toEqual(expect.arrayContaining([assigned, other, own, closedOther]));

    // A case's detail stays closed to an officer who is not on it.
    expect((await call(h, 'GET', `/api/v1/cases/${other}`, { cookie: officer })).status).toBe(403);
    expect((await call(h, 'GET', `/api/v1/cases/${assigned}`, { cookie: officer })).status).toBe(200);
  });
});
