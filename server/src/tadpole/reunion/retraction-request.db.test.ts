import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testing/case-factories.ts';
import { sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { createAlert, lonelySpot } from '../testing/tadpole-fixtures.ts';

/**
 * One acknowledgement rule (case-clocks.ts) for the case list, the board and the report; and the liaison's
 * "请民警撤回" after the handover, which reaches the commander's board and the case timeline.
 */
let h: Harness;
let liaison: string;
let officer: string;
let commander: string;

beforeAll(async () => {
  h = await startHarness();
  [liaison, officer, commander] = await Promise.all([
    sessionFor(h, 'liaison'),
    sessionFor(h, 'officer'),
    sessionFor(h, 'commander'),
  ]);
});
afterAll(async () => {
  await h?.close();
});

async function verifiedAlert() {
  const a = await createAlert(h, liaison, lonelySpot());
  expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer })).status).toBe(200);
  const [ev] = await h.database.query<{ at: Date | string }>(
    `select at from case_events where case_id = $1 and type = 'alert_verified'`,
    [a.caseId],
  );
  return { ...a, verifiedAt: new Date(ev!.at).toISOString() };
}

describe('the acknowledgement of a tadpole case', () => {
  it('is the verification, in the case list, the case detail, the board and the monthly report alike', async () => {
    const a = await verifiedAlert();
    const list = await call(h, 'GET', '/api/v1/cases?status=open', { cookie: commander });
    const row = list.body.cases.find((c: { id: string }) => c.id === a.caseId);
    expect(row).toMatchObject({ kind: 'found_child', acknowledgedAt: a.verifiedAt });
    expect(row.times.acknowledged).toBe(a.verifiedAt);
    const detail = await call(h, 'GET', `/api/v1/cases/${a.caseId}`, { cookie: commander });
    expect(detail.body.case.acknowledgedAt).toBe(a.verifiedAt);

    const board = await call(h, 'GET', '/api/v1/board', { cookie: commander });
    const b = board.body.cases.find((c: { id: string }) => c.id === a.caseId);
    expect(b.clocks.find((c: { step: string }) => c.step === 'acknowledged').reachedAt).toBe(a.verifiedAt);

    const report = await call(h, 'GET', '/api/v1/reports/monthly', { cookie: commander });
    expect(report.status).toBe(200);
    const ack = report.body.intervals.find((i: { key: string }) => i.key === 'acknowledged');
    expect(ack.n).toBeGreaterThanOrEqual(1);
  });

  it('follows a clock correction in the list too', async () => {
    const a = await verifiedAlert();
    const at = new Date(Date.now() - 60_000).toISOString();
    const fix = await call(h, 'POST', `/api/v1/cases/${a.caseId}/clock-corrections`, {
      cookie: commander,
      body: { step: 'acknowledged', at, reason: '电话核实时间早于录入' },
    });
    expect(fix.status).toBe(201);
    const list = await call(h, 'GET', '/api/v1/cases?status=open', { cookie: commander });
    expect(list.body.cases.find((c: { id: string }) => c.id === a.caseId).acknowledgedAt).toBe(at);
  });
});

describe('请民警撤回', () => {
  it("records the liaison's request once, on the board row and in the timeline", async () => {
    const a = await verifiedAlert();
    const ask = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retraction-request`, {
      cookie: liaison,
      body: { note: '孩子已交给母亲' },
    });
    expect(ask.status).toBe(200);
    expect(ask.body).toMatchObject({ alreadyRequested: false, retractionRequest: { note: '孩子已交给母亲' } });
    const again = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retraction-request`, { cookie: liaison });
    expect(again.body).toMatchObject({
      alreadyRequested: true,
      retractionRequest: { at: ask.body.retractionRequest.at },
    });

    const detail = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}`, { cookie: liaison });
    expect(detail.body.retractionRequest).toMatchObject({ at: ask.body.retractionRequest.at, note: '孩子已交给母亲' });
    const board = await call(h, 'GET', '/api/v1/board', { cookie: commander });
    expect(board.body.cases.find((c: { id: string }) => c.id === a.caseId).retractionRequestedAt).toBe(
      ask.body.retractionRequest.at,
    );
    const events = await call(h, 'GET', `/api/v1/cases/${a.caseId}`, { cookie: commander });
    expect(events.body.events.filter((e: { type: string }) => e.type === 'retraction_requested')).toHaveLength(1);
  });

  it('is refused for a draft and after the retraction', async () => {
    const draft = await createAlert(h, liaison, lonelySpot());
    const r1 = await call(h, 'POST', `/api/v1/tadpole/alerts/${draft.id}/retraction-request`, { cookie: liaison });
    expect(r1.status).toBe(409);
    const a = await verifiedAlert();
    await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retract`, { cookie: officer, body: { reason: 'reunited' } });
    const r2 = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retraction-request`, { cookie: liaison });
    expect(r2.status).toBe(409);
    expect(r2.body.error).toMatchObject({ code: 'conflict' });
  });
});
