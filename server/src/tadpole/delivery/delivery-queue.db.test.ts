import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { startVendorReceiver, type VendorReceiver } from '../../notify/channels/testing/vendor-receiver.ts';
import { createDeliveryModule, type DeliveryModule } from './delivery-module.ts';
import { freshSpot, insertAlert, insertCapMessage, squareArea, until } from './testing/tadpole-rows.ts';

let database: Database;
let rx: VendorReceiver;
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

beforeAll(async () => {
  database = await openTestDatabase();
  rx = await startVendorReceiver({ smsRatePerSecond: 50 });
});
afterAll(async () => {
  await rx.close();
  await database.close();
});

/** A module with its own secret key: its worker leaves other test files' rows alone on a shared database. */
function makeModule(
  worker: Parameters<typeof createDeliveryModule>[0]['worker'] = {},
  key = randomBytes(32),
): DeliveryModule {
  return createDeliveryModule({
    database,
    log,
    registry: new Registry(),
    secretKey: key,
    publicUrl: 'http://lookout.test',
    smsSinkFile: path.join(mkdtempSync(path.join(tmpdir(), 'sms-')), 'sms-outbox.jsonl'),
    smsGateway: { url: rx.smsUrl, ratePerSecond: 50 },
    vendorBases: rx.bases,
    worker: { idlePollMs: 100, backoffBaseMs: 200, backoffCapMs: 1_000, ...worker },
    sendTimeoutMs: 2_000,
  });
}

const square = squareArea;

const tok = (p: string) => `${p}${randomBytes(6).toString('hex')}`;

describe('delivery queue', () => {
  it('area targeting: intersecting groups only, widening adds only the new ones, the Cancel goes to those who got it', async () => {
    const m = makeModule();
    const at = freshSpot();
    const near = await m.groups.create({ name: '近', channel: 'forward_kit', memberCount: 30, area: square(at) });
    const far = await m.groups.create({
      name: '远',
      channel: 'forward_kit',
      memberCount: 50,
      area: { circle: { lon: at.lon + 0.05, lat: at.lat, radiusM: 500, datum: 'wgs84' } },
    });
    const alertId = await insertAlert(database, at);
    const alert = await insertCapMessage(database, alertId, 'Alert', at, 1_000);
    expect(await m.deliveries.enqueue(alert, { kind: 'area' })).toEqual({ queued: 1 });
    expect(await m.deliveries.enqueue(alert, { kind: 'area' })).toEqual({ queued: 0 });
    const wider = await insertCapMessage(database, alertId, 'Update', at, 8_000);
    expect(await m.deliveries.enqueue(wider, { kind: 'area' })).toEqual({ queued: 1 });
    const list = await m.deliveries.listForAlert(alertId);
    expect(list.map((d) => [d.groupId, d.msgType])).toEqual(
      expect.arrayContaining([
        [near.id, 'Alert'],
        [far.id, 'Update'],
      ]),
    );
    const s = await m.deliveries.summary(alertId);
    expect(s).toMatchObject({ groups: 2, reach: 80 });
    // The Cancel goes where the alert went: the kit the liaison forwarded, not the one nobody pasted.
    const nearAlert = list.find((d) => d.groupId === near.id)!;
    await database.query(`update deliveries set status = 'acknowledged', acknowledged_at = now() where id = $1`, [
      nearAlert.id,
    ]);
    const cancel = await insertCapMessage(database, alertId, 'Cancel', at, 8_000);
    expect(await m.deliveries.enqueue(cancel, { kind: 'previous' })).toEqual({ queued: 1 });
    const after = await m.deliveries.listForAlert(alertId);
    expect(after.filter((d) => d.msgType === 'Cancel').map((d) => d.groupId)).toEqual([near.id]);
  });

  it('sends Alerts before Updates on one robot', async () => {
    const m = makeModule();
    const at = freshSpot();
    const key = tok('wk');
    const webhookUrl = rx.addRobot({ channel: 'wecom', token: key });
    const robotGroups = [];
    for (let i = 0; i < 3; i++) {
      robotGroups.push(
        await m.groups.create({ name: `g${i}`, channel: 'wecom', area: square(at), credentials: { webhookUrl } }),
      );
    }
    const alertId = await insertAlert(database, at);
    const update = await insertCapMessage(database, alertId, 'Update', at, 1_000);
    const alert = await insertCapMessage(database, alertId, 'Alert', at, 1_000);
    // The Update was queued first, the Alert second: the Alert still goes first.
    await m.deliveries.enqueue(update, { kind: 'groups', groupIds: robotGroups.map((g) => g.id) });
    await m.deliveries.enqueue(alert, { kind: 'groups', groupIds: robotGroups.map((g) => g.id) });
    m.worker.start();
    // Six deliveries (two messages to three groups): counted per message; byStatus counts the groups.
    const sent = async () => {
      const s = await m.deliveries.summary(alertId);
      return (s.byMsgType.Alert?.sent ?? 0) + (s.byMsgType.Update?.sent ?? 0);
    };
    await until(async () => (await sent()) === 6, 20_000, '6 sent');
    expect((await m.deliveries.summary(alertId)).byStatus.sent).toBe(3);
    await m.worker.stop();
    const heads = rx.accepted(key).map((l) => (l.body.text as { content: string }).content.split('\n')[0]);
    expect(heads.slice(0, 3).every((h) => !h!.startsWith('【更新】'))).toBe(true);
    expect(heads.slice(3).every((h) => h!.startsWith('【更新】'))).toBe(true);
  });

  it('retries transient failures with backoff, records every attempt, and fails bad signatures at once', async () => {
    const m = makeModule();
    const at = freshSpot();
    const flaky = tok('dt');
    const signed = tok('dt');
    const flakyGroup = await m.groups.create({
      name: 'flaky',
      channel: 'dingtalk',
      area: square(at),
      credentials: { webhookUrl: rx.addRobot({ channel: 'dingtalk', token: flaky }) },
    });
    const badSign = await m.groups.create({
      name: 'bad sign',
      channel: 'dingtalk',
      area: square(at),
      credentials: {
        webhookUrl: rx.addRobot({ channel: 'dingtalk', token: signed, secret: 'SECright' }),
        signSecret: 'SECwrong',
      },
    });
    rx.failNext(flaky, 2, 'http500');
    const alertId = await insertAlert(database, at);
    const alert = await insertCapMessage(database, alertId, 'Alert', at, 1_000);
    await m.deliveries.enqueue(alert, { kind: 'groups', groupIds: [flakyGroup.id, badSign.id] });
    m.worker.start();
    await until(
      async () => {
        const s = await m.deliveries.summary(alertId);
        return s.byStatus.sent === 1 && s.byStatus.failed === 1;
      },
      20_000,
      'one sent, one failed',
    );
    await m.worker.stop();
    const rows = await database.query<{
      group_id: string;
      ok: boolean;
      http_status: number | null;
      vendor_code: number | null;
      at: Date;
    }>(
      `select d.group_id, a.ok, a.http_status, a.vendor_code, a.at from delivery_attempts a join deliveries d on d.id = a.delivery_id
        where d.alert_id = $1 order by a.id`,
      [alertId],
    );
    const flakyAttempts = rows.filter((r) => r.group_id === flakyGroup.id);
    expect(flakyAttempts.map((r) => [r.ok, r.http_status])).toEqual([
      [false, 502],
      [false, 502],
      [true, 200],
    ]);
    // Backoff: base 200 ms, equal jitter → at least 100 ms, then 200 ms between attempts.
    const gaps = flakyAttempts
      .slice(1)
      .map((r, i) => new Date(r.at).getTime() - new Date(flakyAttempts[i]!.at).getTime());
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(190);
    const bad = rows.filter((r) => r.group_id === badSign.id);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatchObject({ ok: false, vendor_code: 310000 });
    const list = await m.deliveries.listForAlert(alertId);
    expect(list.find((d) => d.groupId === badSign.id)!.lastError).toMatch(/310000/);
  });

  it('holds a robot back after DingTalk 130101 instead of hammering it', async () => {
    const m = makeModule();
    const at = freshSpot();
    const t = tok('dt');
    const g = await m.groups.create({
      name: 'throttled',
      channel: 'dingtalk',
      area: square(at),
      credentials: { webhookUrl: rx.addRobot({ channel: 'dingtalk', token: t }) },
    });
    rx.failNext(t, 1, 'ratelimit');
    const alertId = await insertAlert(database, at);
    await m.deliveries.enqueue(await insertCapMessage(database, alertId, 'Alert', at, 500), {
      kind: 'groups',
      groupIds: [g.id],
    });
    m.worker.start();
    await until(
      async () =>
        (await m.deliveries.listForAlert(alertId))[0]!.attempts >= 1 &&
        (await m.deliveries.listForAlert(alertId))[0]!.status === 'queued',
      10_000,
      'the retry to be scheduled',
    );
    await m.worker.stop();
    const [d] = await m.deliveries.listForAlert(alertId);
    expect(new Date(d!.nextAttemptAt).getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(d!.lastError).toMatch(/130101/);
    expect(rx.log.filter((l) => l.token === t)).toHaveLength(1);
  });

  it('a Cancel stops the robot deliveries that had not gone yet and goes only where something went', async () => {
    const m = makeModule();
    const at = freshSpot();
    const webhookUrl = rx.addRobot({ channel: 'wecom', token: tok('wk') });
    const robot = await m.groups.create({
      name: 'robot',
      channel: 'wecom',
      area: square(at),
      credentials: { webhookUrl },
    });
    const kit = await m.groups.create({ name: 'kit', channel: 'forward_kit', area: square(at) });
    const alertId = await insertAlert(database, at);
    await m.deliveries.enqueue(await insertCapMessage(database, alertId, 'Alert', at, 500), { kind: 'area' });
    const cancel = await insertCapMessage(database, alertId, 'Cancel', at, 500);
    // The worker never ran and nobody forwarded the kit: no group got the alert, so none gets the Cancel, and
    // neither the robot's Alert nor the kit is offered any more.
    expect(await m.deliveries.enqueue(cancel, { kind: 'previous' })).toEqual({ queued: 0 });
    const list = await m.deliveries.listForAlert(alertId);
    for (const g of [robot.id, kit.id]) {
      expect(list.filter((d) => d.groupId === g)).toEqual([
        expect.objectContaining({ msgType: 'Alert', status: 'failed', lastError: 'superseded by the Cancel' }),
      ]);
    }
  });

  it('forward kit: nothing is sent; the liaison gets a kit and taps 已转发', async () => {
    const m = makeModule();
    const at = freshSpot();
    const g = await m.groups.create({ name: '微信群', channel: 'forward_kit', memberCount: 400, area: square(at) });
    const alertId = await insertAlert(database, at);
    await m.deliveries.enqueue(await insertCapMessage(database, alertId, 'Alert', at, 500), { kind: 'area' });
    m.worker.start();
    await new Promise((r) => setTimeout(r, 300));
    await m.worker.stop();
    const [d] = await m.deliveries.listForAlert(alertId);
    expect(d).toMatchObject({ groupId: g.id, status: 'queued', attempts: 0 });
    const kit = await m.deliveries.kit(d!.id, { id: randomBytes(16).toString('hex'), roles: ['commander'] });
    expect(kit.text).toContain('0579-87654321');
    expect(kit.text.startsWith('【协寻家长】')).toBe(true);
    const [user] = await database.query<{ id: string }>(
      `insert into users (username, display_name, password_hash, roles) values ($1, 'L', 'x', '{liaison}') returning id`,
      [tok('liaison')],
    );
    const acked = await m.deliveries.acknowledge(d!.id, { id: user!.id, roles: ['liaison'] });
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: user!.id });
    expect(acked.seq).toBeGreaterThan(d!.seq);
  });
});
