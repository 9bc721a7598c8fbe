import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testing/case-factories.ts';
import { sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { createAlert, groupAt, lonelySpot, offset } from '../testing/tadpole-fixtures.ts';

/**
 * The broadcast area grows with time (an injected clock): a CAP Update goes out only when the radius grew by more
 * than 20 %, and only to the groups it newly reaches; never past the alert's cap.
 */
let h: Harness;
let clock = Date.now();
let officer: string;

beforeAll(async () => {
  h = await startHarness({ tadpole: { now: () => new Date(clock) } });
  officer = await sessionFor(h, 'officer');
});
afterAll(async () => h.close());

const minutes = (n: number) => {
  clock += n * 60_000;
};

describe('widening', () => {
  it('reaches farther groups over time and stops at the cap', async () => {
    const at = lonelySpot();
    const g500 = await groupAt(h, offset(at, 500), { radiusM: 50 });
    const g1500 = await groupAt(h, offset(at, 0, 1500), { radiusM: 50 });
    const g2900 = await groupAt(h, offset(at, -2900), { radiusM: 50 });
    const g4000 = await groupAt(h, offset(at, 0, -4000), { radiusM: 50 });
    const a = await createAlert(h, officer, at, {
      ageBand: 'child_1_3',
      maxRadiusM: 3000,
      seenAt: new Date(clock).toISOString(),
    });
    const v = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer });
    expect(v.body.capMessage.radiusM).toBe(700);

    const groupsOf = async () =>
      (
        await h.database.query<{ group_id: string; msg_type: string }>(
          `select d.group_id, m.msg_type from deliveries d join cap_messages m on m.id = d.cap_message_id
            where d.alert_id = $1 order by d.id`,
          [a.id],
        )
      ).map((r) => [r.group_id, r.msg_type]);
    expect(await groupsOf()).toEqual([[g500, 'Alert']]);

    const jobs = h.server.services.tadpole.jobs;
    // Counted on this alert: a shared real database may hold other active alerts that widen too.
    const updates = async () =>
      Number(
        (
          await h.database.query<{ n: number }>(
            `select count(*) as n from cap_messages where alert_id = $1 and msg_type = 'Update'`,
            [a.id],
          )
        )[0]!.n,
      );
    // +4 min: 700 + 100 = 800 m, under 700 × 1.2: no Update.
    minutes(4);
    await jobs.widen();
    expect(await updates()).toBe(0);
    // +32 min: 700 + 800 = 1500 m (> 840): an Update reaching the group 1.5 km north (its edge at 1450 m).
    minutes(28);
    await jobs.widen();
    expect(await updates()).toBe(1);
    expect(await groupsOf()).toEqual([
      [g500, 'Alert'],
      [g1500, 'Update'],
    ]);
    // +2 h: capped at 3000 m; the 2.9 km group comes in, the 4 km one never.
    minutes(90);
    await jobs.widen();
    expect(await updates()).toBe(2);
    minutes(600);
    await jobs.widen();
    expect(await updates()).toBe(2);
    const groups = (await groupsOf()).map(([g]) => g);
    expect(groups).toContain(g2900);
    expect(groups).not.toContain(g4000);
    expect(groups.filter((g) => g === g500)).toHaveLength(1);

    const detail = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}`, { cookie: officer });
    const msgs = detail.body.capMessages as {
      msgType: string;
      radiusM: number;
      identifier: string;
      references: string | null;
    }[];
    expect(msgs.map((m) => [m.msgType, m.radiusM])).toEqual([
      ['Alert', 700],
      ['Update', 1500],
      ['Update', 3000],
    ]);
    // Each message references every earlier one.
    expect(msgs[2]!.references).toContain(msgs[0]!.identifier);
    expect(msgs[2]!.references).toContain(msgs[1]!.identifier);
    expect(detail.body.alert.radiusM).toBe(3000);
  });

  it('does not widen a retracted alert', async () => {
    const at = lonelySpot();
    const a = await createAlert(h, officer, at, { seenAt: new Date(clock).toISOString() });
    expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer })).status).toBe(200);
    expect(
      (await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retract`, { cookie: officer, body: {} })).status,
    ).toBe(200);
    minutes(120);
    await h.server.services.tadpole.jobs.widen();
    const [n] = await h.database.query<{ n: number }>(
      `select count(*) as n from cap_messages where alert_id = $1 and msg_type = 'Update'`,
      [a.id],
    );
    expect(Number(n!.n)).toBe(0);
  });

  it('widens the other alerts when one cannot be widened (a stored age band with no ring)', async () => {
    const at = lonelySpot();
    const good = await createAlert(h, officer, at, { ageBand: 'child_1_3', seenAt: new Date(clock).toISOString() });
    const bad = await createAlert(h, officer, offset(at, 300), { seenAt: new Date(clock).toISOString() });
    for (const a of [bad, good])
      expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer })).status).toBe(200);
    // Written around the API (an older row, a hand edit): the job must not stop at it.
    await h.database.query(`update alerts set age_band = '4-6' where id = $1`, [bad.id]);
    minutes(40);
    await h.server.services.tadpole.jobs.widen();
    const updates = await h.database.query<{ alert_id: string }>(
      `select alert_id from cap_messages where alert_id = any($1::uuid[]) and msg_type = 'Update'`,
      [[good.id, bad.id]],
    );
    expect(updates.map((u) => String(u.alert_id))).toEqual([good.id]);
    // Put right, so that other files' jobs on a shared database do not meet it.
    await h.database.query(`update alerts set age_band = 'child_4_6' where id = $1`, [bad.id]);
  });
});
