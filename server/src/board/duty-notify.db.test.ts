import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { startVendorReceiver, type VendorReceiver } from '../notify/channels/testing/vendor-receiver.ts';
import { createDeliveryModule, type DeliveryModule } from '../tadpole/delivery/delivery-module.ts';
import { freshSpot, squareArea } from '../tadpole/delivery/testing/tadpole-rows.ts';
import { createBoardRepo } from './board.repo.ts';
import { createBoardService } from './board.service.ts';
import { dutyBreachText } from './duty-notify-text.ts';
import { createDutyNotifyRepo } from './duty-notify.repo.ts';
import { createDutyNotifier, withDutyDrain, type DutyNotifyOptions } from './duty-notify.ts';

/**
 * A clock breach tells the duty group once, through the tadpole channel adapters, with the group's
 * sealed credentials, to a real local HTTP server standing in for the robot (WeCom / DingTalk checks included).
 */
let database: Database;
let rx: VendorReceiver;
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const key = randomBytes(32);

beforeAll(async () => {
  database = await openTestDatabase();
  rx = await startVendorReceiver();
});
afterAll(async () => {
  await rx?.close();
  await database?.close();
});

const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();

function deliveryModule(): DeliveryModule {
  return createDeliveryModule({
    database,
    log,
    registry: new Registry(),
    secretKey: key,
    publicUrl: 'http://lookout.test',
    vendorBases: rx.bases,
    smsGateway: { url: rx.smsUrl },
  });
}

/** A lost-person case reported `ageS` ago and never acknowledged (its 2-minute clock is past). */
async function lateCase(title: string, ageS: number): Promise<string> {
  const [row] = await database.query<{ id: string }>(
    `insert into cases (kind, title, created_at) values ('lost_person', $1, $2) returning id`,
    [title, ago(ageS)],
  );
  const id = String(row!.id);
  await database.query(`insert into case_events (case_id, type, at) values ($1, 'opened', $2)`, [id, ago(ageS)]);
  return id;
}

/** One "server process": the delivery module's senders, the notifier, the board service ticking. */
function server(groupId: string, ids: Set<string>, options: Partial<DutyNotifyOptions> = {}) {
  const m = deliveryModule();
  const notifier = createDutyNotifier({
    repo: createDutyNotifyRepo(database),
    groupId,
    ...m.sending,
    log,
    scope: (id) => ids.has(id),
    options,
  });
  const board = createBoardService({
    repo: createBoardRepo(database),
    scope: (id) => ids.has(id),
    notify: notifier.notify,
  });
  return { board: withDutyDrain(board, notifier), notifier };
}

async function dutyEvents(caseId: string) {
  return database.query<{ type: string; data: Record<string, unknown> }>(
    `select type, data from case_events where case_id = $1 and type like 'duty_%' order by seq`,
    [caseId],
  );
}

async function wecomGroup(token: string): Promise<string> {
  const g = await deliveryModule().groups.create({
    name: '值班指挥群',
    channel: 'wecom',
    area: squareArea(freshSpot(), 0.001),
    credentials: { webhookUrl: rx.addRobot({ channel: 'wecom', token }) },
  });
  return g.id;
}

describe('duty group notice on a clock breach', () => {
  it('one breach → one message; a second tick → none; a restart → none duplicated', async () => {
    const token = `wd${randomBytes(8).toString('hex')}`;
    const groupId = await wecomGroup(token);
    const late = await lateCase('走失老人 张某', 12 * 60);
    const ids = new Set([late]);

    const first = server(groupId, ids);
    const breaches = await first.board.tick();
    expect(breaches.map((b) => b.step)).toEqual(['acknowledged']);
    const got = rx.accepted(token);
    expect(got).toHaveLength(1);
    const content = (got[0]!.body.text as { content: string }).content;
    expect(content).toMatch(/^【超时】走失老人 张某：接警确认 已 12 分(钟| \d+ 秒)，目标 2 分钟$/);

    // The next pass finds nothing new to send.
    expect(await first.board.tick()).toEqual([]);
    expect(await first.notifier.drain()).toBe(0);
    expect(rx.accepted(token)).toHaveLength(1);

    // A restart: a new process with the same database sends nothing again.
    const second = server(groupId, ids);
    expect(await second.board.tick()).toEqual([]);
    expect(await second.notifier.drain()).toBe(0);
    expect(rx.accepted(token)).toHaveLength(1);

    const events = await dutyEvents(late);
    expect(events.map((e) => e.type)).toEqual(['duty_notify_attempt', 'duty_notified']);
    expect(events[1]!.data).toMatchObject({ attempt: 1, group_id: groupId, channel: 'wecom', vendor_code: 0 });
  });

  it('a breach recorded by a process that died before telling the group is told by the next one, once', async () => {
    const token = `wd${randomBytes(8).toString('hex')}`;
    const groupId = await wecomGroup(token);
    const late = await lateCase('走失儿童 李某', 200);
    const ids = new Set([late]);
    // The dying process wrote the breach event, then no notice went out (no notify hook, no drain).
    const dying = createBoardService({ repo: createBoardRepo(database), scope: (id) => ids.has(id) });
    expect(await dying.tick()).toHaveLength(1);
    expect(rx.accepted(token)).toHaveLength(0);

    const [a, b] = [server(groupId, ids), server(groupId, ids)];
    const sent = await Promise.all([a.notifier.drain(), b.notifier.drain()]);
    expect(sent[0] + sent[1]).toBe(1);
    expect(await a.board.tick()).toEqual([]);
    expect(rx.accepted(token)).toHaveLength(1);
  });

  it('a failed send is retried after its backoff, with each attempt recorded; DingTalk signs with the secret', async () => {
    const token = `dd${randomBytes(8).toString('hex')}`;
    const secret = `SEC${randomBytes(8).toString('hex')}`;
    const g = await deliveryModule().groups.create({
      name: '值班指挥群（钉钉）',
      channel: 'dingtalk',
      area: squareArea(freshSpot(), 0.001),
      credentials: { webhookUrl: rx.addRobot({ channel: 'dingtalk', token, secret }), signSecret: secret },
    });
    const late = await lateCase('走失老人 王某', 300);
    const ids = new Set([late]);
    rx.failNext(token, 1, 'http500');
    const s = server(g.id, ids, { backoffBaseMs: 100, backoffCapMs: 200 });
    await s.board.tick();
    expect(rx.accepted(token)).toHaveLength(0);
    let events = await dutyEvents(late);
    expect(events.map((e) => e.type)).toEqual(['duty_notify_attempt', 'duty_notify_failed']);
    expect(events[1]!.data).toMatchObject({ attempt: 1, http_status: 502 });
    expect(typeof events[1]!.data.retry_at).toBe('string');

    await new Promise((r) => setTimeout(r, 250));
    await s.board.tick();
    expect(rx.accepted(token)).toHaveLength(1);
    expect(await s.notifier.drain()).toBe(0);
    events = await dutyEvents(late);
    expect(events.map((e) => e.type)).toEqual([
      'duty_notify_attempt',
      'duty_notify_failed',
      'duty_notify_attempt',
      'duty_notified',
    ]);
  });

  it('a disabled duty group: the breach is recorded, the notice fails once for good, nothing is sent', async () => {
    const token = `wd${randomBytes(8).toString('hex')}`;
    const groupId = await wecomGroup(token);
    await database.query(`update community_groups set disabled = true where id = $1`, [groupId]);
    const late = await lateCase('走失老人 赵某', 300);
    const ids = new Set([late]);
    const s = server(groupId, ids);
    expect(await s.board.tick()).toHaveLength(1);
    expect(await s.board.tick()).toEqual([]);
    expect(rx.accepted(token)).toHaveLength(0);
    const events = await dutyEvents(late);
    expect(events.map((e) => e.type)).toEqual(['duty_notify_attempt', 'duty_notify_failed']);
    expect(events[1]!.data).toMatchObject({ error: 'the duty group is disabled', retry_at: null });
  });
});

describe('dutyBreachText', () => {
  it('says the case, the step, how long and the target in zh-CN', () => {
    expect(dutyBreachText({ breachSeq: 1, caseTitle: '山中迷路', step: 'on_scene', targetS: 900, elapsedS: 961 })).toBe(
      '【超时】山中迷路：到达现场 已 16 分 1 秒，目标 15 分钟',
    );
    expect(
      dutyBreachText({ breachSeq: 1, caseTitle: '走失儿童', step: 'first_broadcast', targetS: 300, elapsedS: 720 }),
    ).toBe('【超时】走失儿童：首次推送 已 12 分钟，目标 5 分钟');
  });
});
