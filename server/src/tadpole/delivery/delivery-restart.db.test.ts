import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import {
  startVendorReceiver,
  type Received,
  type VendorReceiver,
} from '../../notify/channels/testing/vendor-receiver.ts';
import { createDeliveryModule, type DeliveryModule } from './delivery-module.ts';
import { freshSpot, insertAlert, insertCapMessage, squareArea, until } from './testing/tadpole-rows.ts';

/**
 * The queue is in the database, so stopping the server in the middle of a fan-out to 200
 * groups loses nothing and repeats nothing — every group's receiver counts the alert exactly once.
 */
let database: Database;
let rx: VendorReceiver;
const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

beforeAll(async () => {
  database = await openTestDatabase();
  rx = await startVendorReceiver({ smsRatePerSecond: 200 });
  rx.latencyMs = 25;
});
afterAll(async () => {
  await rx.close();
  await database.close();
});

const GROUPS = 200;
const channels = ['wecom', 'dingtalk', 'feishu', 'sms'] as const;

/** One "server": the module as main.ts builds it, with the deployment's key. */
function server(key: Buffer, leaseMs: number): DeliveryModule {
  return createDeliveryModule({
    database,
    log,
    registry: new Registry(),
    secretKey: key,
    publicUrl: 'http://lookout.test',
    smsGateway: { url: rx.smsUrl, ratePerSecond: 200 },
    vendorBases: rx.bases,
    worker: { leaseMs, maxInFlight: 8, batch: 8, idlePollMs: 100, standbyPollMs: 100 },
    sendTimeoutMs: 30_000,
  });
}

/** 200 groups, each its own robot or roster, over the four sending channels; returns who counts for each. */
async function fanOut(m: DeliveryModule) {
  const at = freshSpot();
  const area = squareArea(at, 0.002);
  const counted = new Map<string, (l: Received) => boolean>();
  for (let i = 0; i < GROUPS; i++) {
    const channel = channels[i % channels.length]!;
    const token = `${channel.slice(0, 2)}${randomBytes(8).toString('hex')}`;
    if (channel === 'sms') {
      const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      const g = await m.groups.create({ name: `g${i}`, channel, area, credentials: { phones: [phone] } });
      counted.set(g.id, (l) => l.channel === 'sms' && l.code === 0 && (l.body.to as string[])[0] === phone);
    } else {
      const secret = channel === 'wecom' ? undefined : `SEC${randomBytes(8).toString('hex')}`;
      const webhookUrl = rx.addRobot({ channel, token, ...(secret ? { secret } : {}) });
      const g = await m.groups.create({
        name: `g${i}`,
        channel,
        area,
        credentials: { webhookUrl, ...(secret ? { signSecret: secret } : {}) },
      });
      counted.set(g.id, (l) => l.token === token && l.code === 0);
    }
  }
  const alertId = await insertAlert(database, at);
  const capId = await insertCapMessage(database, alertId, 'Alert', at, 500);
  expect(await m.deliveries.enqueue(capId, { kind: 'area' })).toEqual({ queued: GROUPS });
  return { alertId, counted };
}

function receivedPerGroup(counted: Map<string, (l: Received) => boolean>): number[] {
  return [...counted.values()].map((match) => rx.log.filter(match).length);
}

const sentCount = async (m: DeliveryModule, alertId: string) => (await m.deliveries.summary(alertId)).byStatus.sent;

describe('restart in the middle of a fan-out to 200 groups', () => {
  it('a graceful stop finishes the sends in flight; the next server sends the rest; each group gets it once', async () => {
    const key = randomBytes(32);
    const first = server(key, 60_000);
    const { alertId, counted } = await fanOut(first);
    first.worker.start();
    await until(() => receivedPerGroup(counted).filter((n) => n > 0).length >= 40, 30_000, '40 groups reached');
    await first.worker.stop();
    const before = await sentCount(first, alertId);
    expect(before).toBeGreaterThanOrEqual(40);
    expect(before).toBeLessThan(GROUPS);
    // After a graceful stop nothing is left half-done: every receiver hit is recorded as sent.
    expect(receivedPerGroup(counted).filter((n) => n > 0).length).toBe(before);

    const second = server(key, 60_000);
    second.worker.start();
    await until(async () => (await sentCount(second, alertId)) === GROUPS, 45_000, 'all 200 sent');
    await second.worker.stop();
    expect(receivedPerGroup(counted)).toEqual(Array(GROUPS).fill(1));
  }, 60_000);

  it('a server that dies mid-send: a new worker takes the rows whose lease ran out; each group gets it once', async () => {
    const key = randomBytes(32);
    const dying = server(key, 1_500);
    const { alertId, counted } = await fanOut(dying);
    dying.worker.start();
    await until(() => receivedPerGroup(counted).filter((n) => n > 0).length >= 40, 30_000, '40 groups reached');
    // The vendors stop answering (the requests hang, never processed), and the server dies with sends in flight.
    rx.blackhole(true);
    await until(() => dying.worker.inFlight() > 0, 5_000, 'sends in flight');
    await new Promise((r) => setTimeout(r, 200));
    await dying.worker.abandon();
    rx.blackhole(false);
    const stuck = await database.query<{ n: number }>(
      `select count(*)::int as n from deliveries where alert_id = $1 and status = 'sending'`,
      [alertId],
    );
    expect(Number(stuck[0]!.n)).toBeGreaterThan(0);

    const next = server(key, 60_000);
    next.worker.start();
    await until(async () => (await sentCount(next, alertId)) === GROUPS, 45_000, 'all 200 sent');
    await next.worker.stop();
    expect(receivedPerGroup(counted)).toEqual(Array(GROUPS).fill(1));
    // The interrupted rows were claimed twice: once by the dead server, once by the new one.
    const [twice] = await database.query<{ n: number }>(
      `select count(*)::int as n from deliveries where alert_id = $1 and attempts >= 2`,
      [alertId],
    );
    expect(Number(twice!.n)).toBeGreaterThan(0);
  }, 60_000);
});
