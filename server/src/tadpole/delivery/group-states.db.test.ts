import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testing/case-factories.ts';
import { sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { createAlert, groupAt, lonelySpot, offset } from '../testing/tadpole-fixtures.ts';

/**
 * The delivery counts the liaison reads above the list are the list's rows: one per group, in the state of its
 * newest delivery; the retraction goes only to groups that got the alert.
 */
let h: Harness;
let liaison: string;
let officer: string;

beforeAll(async () => {
  h = await startHarness();
  [liaison, officer] = await Promise.all([sessionFor(h, 'liaison'), sessionFor(h, 'officer')]);
});
afterAll(async () => {
  await h?.close();
});

const summary = async (alertId: string) =>
  (await call(h, 'GET', `/api/v1/tadpole/alerts/${alertId}`, { cookie: liaison })).body.deliveries;

describe('delivery counts per group', () => {
  it('counts each group once, as its row says, before and after the retraction', async () => {
    const at = lonelySpot();
    const forwarded = await groupAt(h, offset(at, 200), { name: '已转发的群' });
    const neverForwarded = await groupAt(h, offset(at, -200), { name: '没转发的群' });
    const roster = await groupAt(h, offset(at, 0, 200), { name: '联络员名单', channel: 'sms' });
    const a = await createAlert(h, liaison, at);
    const verified = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer });
    expect(verified.body.queued).toBe(3);

    // Two forward kits wait for the liaison (待转发), the roster's SMS waits in the queue.
    expect((await summary(a.id)).byStatus).toMatchObject({ to_forward: 2, queued: 1, sent: 0, acknowledged: 0 });

    const list = await call(h, 'GET', `/api/v1/tadpole/deliveries?alertId=${a.id}`, { cookie: liaison });
    const kit = list.body.deliveries.find((d: { groupId: string }) => d.groupId === forwarded);
    expect((await call(h, 'POST', `/api/v1/tadpole/deliveries/${kit.id}/ack`, { cookie: liaison })).status).toBe(200);
    // The SMS went out (the worker is not running here: its outcome is written as the worker writes it).
    await h.database.query(
      `update deliveries set status = 'sent', sent_at = now(), attempts = 1 where alert_id = $1 and group_id = $2`,
      [a.id, roster],
    );
    expect((await summary(a.id)).byStatus).toMatchObject({ to_forward: 1, queued: 0, sent: 1, acknowledged: 1 });

    const retracted = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retract`, {
      cookie: officer,
      body: { reason: 'reunited' },
    });
    expect(retracted.status).toBe(200);
    // The Cancel goes to the group that forwarded the alert and to the roster that got it; not to the kit
    // nobody pasted (its alert is stopped).
    expect(retracted.body.queued).toBe(2);
    const after = await call(h, 'GET', `/api/v1/tadpole/deliveries?alertId=${a.id}`, { cookie: liaison });
    const cancels = after.body.deliveries.filter((d: { msgType: string }) => d.msgType === 'Cancel');
    expect(cancels.map((d: { groupId: string }) => d.groupId).sort()).toEqual([forwarded, roster].sort());
    const stopped = after.body.deliveries.find((d: { groupId: string }) => d.groupId === neverForwarded);
    expect(stopped).toMatchObject({ msgType: 'Alert', status: 'failed', lastError: 'superseded by the Cancel' });

    const s = await summary(a.id);
    expect(s.groups).toBe(3);
    expect(s.byStatus).toEqual({ to_forward: 1, queued: 1, sending: 0, sent: 0, failed: 1, acknowledged: 0 });
    const total = Object.values(s.byStatus as Record<string, number>).reduce((x, y) => x + y, 0);
    expect(total).toBe(s.groups);
  });
});
