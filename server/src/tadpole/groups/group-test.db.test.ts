import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVendorReceiver, type VendorReceiver } from '../../notify/channels/testing/vendor-receiver.ts';
import { call } from '../../testing/case-factories.ts';
import { sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { freshSpot, squareArea, until } from '../delivery/testing/tadpole-rows.ts';
import { personFor } from './testing/group-people.ts';

let h: Harness;
let rx: VendorReceiver;
let commander: string;

beforeAll(async () => {
  rx = await startVendorReceiver();
  // The stand-in is allowed the way a deployment would allow one: ROBOT_EXTRA_ORIGINS.
  h = await startHarness({ env: { ROBOT_EXTRA_ORIGINS: rx.url } });
  commander = await sessionFor(h, 'commander');
});
afterAll(async () => {
  await h.close();
  await rx.close();
});

let serial = 0;
const token = (what: string) => `${what}${Date.now()}x${serial++}`;
const newGroup = async (cookie: string, channel: string, credentials?: Record<string, unknown>) => {
  const res = await call(h, 'POST', '/api/v1/tadpole/groups', {
    cookie,
    body: { name: '测试群', channel, area: squareArea(freshSpot()), ...(credentials ? { credentials } : {}) },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const test = (id: string, cookie: string) => call(h, 'POST', `/api/v1/tadpole/groups/${id}/test`, { cookie });

describe('POST /tadpole/groups/:id/test', () => {
  it('a liaison tests his WeCom robot: the vendor gets a test text, the answer and the list show ok', async () => {
    const liaison = await personFor(h, 'liaison');
    const key = token('wecomkey');
    const id = await newGroup(liaison.cookie, 'wecom', { webhookUrl: rx.addRobot({ channel: 'wecom', token: key }) });
    const res = await test(id, liaison.cookie);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, vendorCode: 0, error: null, httpStatus: 200 });
    expect(JSON.stringify(res.body)).not.toContain(key);
    const got = rx.accepted(key);
    expect(got).toHaveLength(1);
    expect(JSON.stringify(got[0]!.body)).toContain('测试消息');
    const view = await call(h, 'GET', `/api/v1/tadpole/groups/${id}`, { cookie: liaison.cookie });
    expect(view.body.lastTest).toMatchObject({ ok: true, vendorCode: 0, error: null });
  });

  it('answers the vendor’s own error code and message (an unknown WeCom key is 93000)', async () => {
    const id = await newGroup(commander, 'wecom', {
      webhookUrl: `${rx.url}/cgi-bin/webhook/send?key=${token('nobody')}`,
    });
    const res = await test(id, commander);
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.vendorCode).toBe(93000);
    expect(res.body.error).toMatch(/invalid webhook url/);
    expect((await call(h, 'GET', `/api/v1/tadpole/groups/${id}`, { cookie: commander })).body.lastTest).toMatchObject({
      ok: false,
      vendorCode: 93000,
    });
  });

  it('signs a DingTalk test with the group’s 加签 secret, as deliveries do', async () => {
    const t = token('dt');
    const secret = `SEC${token('s')}`;
    const id = await newGroup(commander, 'dingtalk', {
      webhookUrl: rx.addRobot({ channel: 'dingtalk', token: t, secret }),
      signSecret: secret,
    });
    expect((await test(id, commander)).body).toMatchObject({ ok: true, vendorCode: 0 });
    expect(rx.accepted(t)).toHaveLength(1);
  });

  it('one test per group every 30 s: the second is 429 with Retry-After and sends nothing', async () => {
    const key = token('twice');
    const id = await newGroup(commander, 'wecom', { webhookUrl: rx.addRobot({ channel: 'wecom', token: key }) });
    expect((await test(id, commander)).status).toBe(200);
    const again = await test(id, commander);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(rx.accepted(key)).toHaveLength(1);
  });

  it('a robot at its vendor limit is not pushed over it: 429, nothing sent', async () => {
    const key = token('busy');
    const webhookUrl = rx.addRobot({ channel: 'wecom', token: key });
    const limiter = h.server.services.tadpole.delivery.sending.limiter;
    for (let i = 0; i < 20; i++) limiter.settle(`wecom:${key}`, limiter.tryTake(`wecom:${key}`, 1)!, 1);
    const id = await newGroup(commander, 'wecom', { webhookUrl });
    const res = await test(id, commander);
    expect(res.status).toBe(429);
    expect(rx.log.filter((l) => l.token === key)).toHaveLength(0);
  });

  it('a forward-kit group has nothing to test (409); an unknown group is 404', async () => {
    const id = await newGroup(commander, 'forward_kit');
    expect((await test(id, commander)).status).toBe(409);
    expect((await test('00000000-0000-4000-8000-000000000000', commander)).status).toBe(404);
  });

  it('is audited: who tested which group', async () => {
    const liaison = await personFor(h, 'liaison');
    const id = await newGroup(liaison.cookie, 'wecom', {
      webhookUrl: rx.addRobot({ channel: 'wecom', token: token('audit') }),
    });
    await test(id, liaison.cookie);
    await until(
      async () =>
        (
          await h.database.query(
            `select 1 from audit_log where action = 'POST /api/v1/tadpole/groups/:id/test' and target_id = $1
                and actor_id = $2`,
            [id, liaison.id],
          )
        ).length === 1,
      5_000,
      'the audit entry',
    );
  });
});
