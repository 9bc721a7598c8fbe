import { randomUUID } from 'node:crypto';
import { boardResponse, caseDetail } from '@lookout/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectContract } from '../testing/contract.ts';
import { sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { call, IPP, openCase } from '../testing/case-factories.ts';
import { createBoardRepo } from './board.repo.ts';
import { createBoardService, startEscalationTicker } from './board.service.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ locateLimits: { perLink: 100, perIp: 1000 } });
});
afterAll(async () => {
  await h?.close();
});

/** A case with a location link; `send` posts what the caller's page would, `minutesAgo` before now. */
async function callerCase() {
  const cookie = await sessionFor(h, 'commander');
  const caseId = await openCase(h, cookie);
  const link = await call(h, 'POST', `/api/v1/cases/${caseId}/location-links`, {
    cookie,
    body: { phone: '13800001234' },
  });
  expect(link.status).toBe(201);
  const token = (link.body.url as string).split('/l/')[1]!;
  /** `from`: the "now" the fix's time counts back from (fixed, for a fit the test computes by hand). */
  const send = async (minutesAgo: number, battery: number | null, from = Date.now()) => {
    const res = await call(h, 'POST', `/api/v1/public/locate/${token}`, {
      body: {
        lat: IPP.lat + 0.001,
        lon: IPP.lon + 0.001,
        accuracy: 30,
        t: new Date(from - minutesAgo * 60_000).toISOString(),
        battery,
        idempotencyKey: randomUUID(),
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  return { cookie, caseId, send };
}

/** A board service for one case, its clock `aheadMin` minutes ahead of the real one. */
const boardAt = (caseId: string, aheadMin: number) =>
  createBoardService({
    repo: createBoardRepo(h.database),
    now: () => new Date(Date.now() + aheadMin * 60_000),
    scope: (id) => id === caseId,
  });

const silenceEvents = (caseId: string) =>
  h.database.query<{ data: { callerLocationId: number; battery: number; lastFixAt: string; silentS: number } }>(
    `select data from case_events where case_id = $1 and type = 'caller_silent_low_battery' order by seq`,
    [caseId],
  );

describe('GET /cases/:id callerBattery', () => {
  it("sums up the caller's battery from the page's fixes", async () => {
    const { cookie, caseId, send } = await callerCase();
    const now = Date.now();
    // The Battery API's fractions, 1 % every 2 minutes.
    for (const [ago, battery] of [
      [8, 0.4],
      [6, 0.39],
      [4, 0.38],
      [2, 0.37],
      [0, 0.36],
    ] as const) {
      await send(ago, battery, now);
    }
    const res = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie });
    expect(res.status).toBe(200);
    const detail = expectContract(caseDetail, res.body);
    expect(detail.callerBattery).toMatchObject({
      level: 36,
      trend: 'draining',
      ratePerHour: -30,
      minutesLeft: 70,
      samples: 5,
    });
  });

  it('has no estimate for a case without a battery reading', async () => {
    const cookie = await sessionFor(h, 'commander');
    const caseId = await openCase(h, cookie);
    const res = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie });
    expect(expectContract(caseDetail, res.body).callerBattery).toMatchObject({ level: null, trend: 'unknown' });
  });
});

describe("the caller's page went silent with a low battery", () => {
  it('records one event per silence and shows it on the board; a new fix ends it', async () => {
    const { cookie, caseId, send } = await callerCase();
    await send(2, 0.19);
    await send(1, 0.18);

    // Four minutes on: not silent yet.
    expect(await boardAt(caseId, 3).callerSilences()).toEqual([]);
    expect((await boardAt(caseId, 3).board([caseId])).cases[0]!.callerSilence).toBeNull();

    // Six minutes on, by two servers at once: one event.
    const [a, b] = await Promise.all([boardAt(caseId, 5).callerSilences(), boardAt(caseId, 5).callerSilences()]);
    expect([...a, ...b]).toHaveLength(1);
    expect(await boardAt(caseId, 9).callerSilences()).toEqual([]);
    const [first] = await silenceEvents(caseId);
    expect(first!.data).toMatchObject({ battery: 18 });
    expect(first!.data.silentS).toBeGreaterThanOrEqual(300);

    const board = await boardAt(caseId, 6).board([caseId]);
    expect(board.cases[0]!.callerSilence).toMatchObject({
      callerLocationId: first!.data.callerLocationId,
      battery: 18,
    });
    expectContract(boardResponse, board);

    // The event is in the case's timeline.
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie });
    expect((detail.body.events as { type: string }[]).map((e) => e.type)).toContain('caller_silent_low_battery');

    // The page sends again: the board's warning is gone, and a second silence is recorded again.
    await send(0, 0.17);
    expect((await boardAt(caseId, 0).board([caseId])).cases[0]!.callerSilence).toBeNull();
    expect(await boardAt(caseId, 6).callerSilences()).toHaveLength(1);
    expect((await silenceEvents(caseId)).map((e) => e.data.battery)).toEqual([18, 17]);
  });

  it('stays quiet for a silent caller whose battery was fine, or unknown', async () => {
    const fine = await callerCase();
    await fine.send(30, 0.8);
    const unknown = await callerCase();
    await unknown.send(30, null);
    expect(await boardAt(fine.caseId, 0).callerSilences()).toEqual([]);
    expect(await boardAt(unknown.caseId, 0).callerSilences()).toEqual([]);
    expect(await silenceEvents(fine.caseId)).toEqual([]);
  });

  it('is recorded by the escalation ticker', async () => {
    const { caseId, send } = await callerCase();
    await send(10, 0.12);
    const ticker = startEscalationTicker(boardAt(caseId, 0), 20);
    try {
      await expect.poll(async () => (await silenceEvents(caseId)).length, { timeout: 10_000 }).toBe(1);
    } finally {
      await ticker.stop();
    }
  });

  it('answers GET /board with the silence, within its contract', async () => {
    const { cookie, caseId, send } = await callerCase();
    await send(7, 0.05);
    const res = await call(h, 'GET', `/api/v1/board?cases=${caseId}`, { cookie });
    expect(res.status).toBe(200);
    const body = expectContract(boardResponse, res.body);
    expect(body.cases[0]!.callerSilence).toMatchObject({ battery: 5 });
    expect(body.cases[0]!.callerSilence!.silentS).toBeGreaterThanOrEqual(420);
  });
});
