/**
 * bench:fanout — one verified alert to 1,000 community groups over WeCom, DingTalk, Feishu and SMS, against local
 * receivers that enforce each vendor's documented limit per robot and answer the vendor's own error code when it
 * is exceeded (server/src/notify/channels/testing/vendor-receiver.ts).
 *
 *   npm run bench:fanout                      embedded PGlite (a migrated template copy)
 *   DATABASE_URL=postgres://… npm run bench:fanout   a real PostgreSQL
 *
 * Why several groups per robot: a robot is added to one group by hand, so with a robot per group each gets one
 * message and the limits allow everything at once (floor ≈ 0) — the bench would only time our own queue. Real
 * load on a robot comes from a station that posts through a few shared robots (a street office's WeCom robot in
 * its 网格 groups is still one robot per group, but a district's DingTalk/Feishu duty group relays to many), from
 * the photo as a second WeCom message, and from updates. So the groups share robots here:
 *   WeCom    400 groups on 20 robots (20 each), photo → text + image = 40 messages per robot; 20/min → 60 s
 *   DingTalk 300 groups on 10 robots (30 each), 加签;                   30 messages per robot; 20/min → 60 s
 *   Feishu   200 groups on  2 bots (100 each), signed;                 5/s and 100/min              → 19 s
 *   SMS      100 rosters (3 phones each) through one gateway at SMS_RATE (10) requests/s           →  9.9 s
 * The floor is what the limits allow from the first message on: per robot and rule, the last message can go
 * no earlier than (⌈messages ÷ max⌉ − 1) × window; the floor is the largest of these. Total = from the enqueue
 * (what "verify" does) to the last message a receiver accepted. first_broadcast = enqueue → first accepted message.
 * Env: LATENCY_MS (receiver answer delay, default 30), SMS_RATE (default 10).
 * Ends with `bench:fanout groups=… total_s=… floor_s=… ratio=… first_broadcast_s=…`.
 */
import { randomBytes, createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import sharp from 'sharp';
import { ensurePgliteTemplate, openTestDatabase } from '@lookout/db/testing';
import { startVendorReceiver } from '../src/notify/channels/testing/vendor-receiver.ts';
import { createDeliveryModule } from '../src/tadpole/delivery/delivery-module.ts';
import {
  freshSpot,
  insertAlert,
  insertCapMessage,
  squareArea,
  until,
} from '../src/tadpole/delivery/testing/tadpole-rows.ts';
import { publicCardUrl } from '../src/tadpole/alerts/public-token.ts';
import { photoUrlFor } from '../src/tadpole/photos/photo-links.ts';

const say = (s: string) => process.stdout.write(`${s}\n`);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 30);
const SMS_RATE = Number(process.env.SMS_RATE ?? 10);

interface Plan {
  channel: 'wecom' | 'dingtalk' | 'feishu' | 'sms';
  robots: number;
  groupsPerRobot: number;
  messagesPerGroup: number;
  rules: { max: number; windowMs: number }[];
}
const plan: Plan[] = [
  { channel: 'wecom', robots: 20, groupsPerRobot: 20, messagesPerGroup: 2, rules: [{ max: 20, windowMs: 60_000 }] },
  { channel: 'dingtalk', robots: 10, groupsPerRobot: 30, messagesPerGroup: 1, rules: [{ max: 20, windowMs: 60_000 }] },
  {
    channel: 'feishu',
    robots: 2,
    groupsPerRobot: 100,
    messagesPerGroup: 1,
    rules: [
      { max: 5, windowMs: 1_000 },
      { max: 100, windowMs: 60_000 },
    ],
  },
  { channel: 'sms', robots: 1, groupsPerRobot: 100, messagesPerGroup: 1, rules: [{ max: SMS_RATE, windowMs: 1_000 }] },
];
const GROUPS = plan.reduce((n, p) => n + p.robots * p.groupsPerRobot, 0);

/** The floor of one robot: its last message cannot leave before (⌈m ÷ max⌉ − 1) windows after its first. */
const floorOf = (p: Plan) =>
  Math.max(...p.rules.map((r) => (Math.ceil((p.groupsPerRobot * p.messagesPerGroup) / r.max) - 1) * r.windowMs)) / 1000;
const floorS = Math.max(...plan.map(floorOf));

if (!process.env.DATABASE_URL) await ensurePgliteTemplate();
const database = await openTestDatabase();
const rx = await startVendorReceiver({ smsRatePerSecond: SMS_RATE });
rx.latencyMs = LATENCY_MS;
const secretKey = randomBytes(32);
const base = 'https://lookout.example';
const m = createDeliveryModule({
  database,
  log: pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2)),
  registry: new Registry(),
  secretKey,
  publicUrl: base,
  smsSinkFile: path.join(mkdtempSync(path.join(tmpdir(), 'fanout-')), 'sms-outbox.jsonl'),
  smsGateway: { url: rx.smsUrl, ratePerSecond: SMS_RATE },
  vendorBases: rx.bases,
  links: {
    cardUrl: async (alertId) => publicCardUrl(secretKey, base, alertId),
    photoUrl: (alertId) => photoUrlFor(database, alertId, base, 72),
  },
});

say(`bench:fanout target=${database.kind} groups=${GROUPS} receiver latency ${LATENCY_MS} ms`);
for (const p of plan) {
  say(
    `  ${p.channel.padEnd(8)} ${p.robots} robot(s) × ${p.groupsPerRobot} groups × ${p.messagesPerGroup} message(s); ` +
      `limits ${p.rules.map((r) => `${r.max}/${r.windowMs / 1000}s`).join(' + ')} → floor ${floorOf(p).toFixed(1)} s`,
  );
}

// Setup: groups through the groups service (credentials sealed), an alert with a photo, its CAP Alert.
const at = freshSpot();
const area = squareArea(at, 0.01);
const tSetup = performance.now();
for (const p of plan) {
  for (let r = 0; r < p.robots; r++) {
    const token = `${p.channel.slice(0, 2)}${randomBytes(8).toString('hex')}`;
    const secret =
      p.channel === 'dingtalk' || p.channel === 'feishu' ? `SEC${randomBytes(12).toString('hex')}` : undefined;
    const webhookUrl =
      p.channel === 'sms' ? undefined : rx.addRobot({ channel: p.channel, token, ...(secret ? { secret } : {}) });
    for (let g = 0; g < p.groupsPerRobot; g++) {
      const phones = Array.from({ length: 3 }, () => `13${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`);
      await m.groups.create({
        name: `${p.channel}-${r}-${g}`,
        channel: p.channel,
        memberCount: 200,
        area,
        credentials:
          p.channel === 'sms' ? { phones } : { webhookUrl: webhookUrl!, ...(secret ? { signSecret: secret } : {}) },
      });
    }
  }
}
const alertId = await insertAlert(database, at);
const jpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 90, b: 160 } } })
  .jpeg({ quality: 80 })
  .toBuffer();
await database.query(
  `insert into photos (alert_id, mime, bytes, width, height, sha256) values ($1, 'image/jpeg', $2, 640, 480, $3)`,
  [alertId, jpeg, createHash('sha256').update(jpeg).digest('hex')],
);
const capId = await insertCapMessage(database, alertId, 'Alert', at, 2_000);
say(
  `setup: ${GROUPS} groups, alert with a ${jpeg.length}-byte photo in ${((performance.now() - tSetup) / 1000).toFixed(1)} s`,
);

// The fan-out: the worker is running (as on a server), the enqueue is what "verify" does.
m.worker.start();
await new Promise((r) => setTimeout(r, 300));
const t0 = Date.now();
const { queued } = await m.deliveries.enqueue(capId, { kind: 'area' });
const expectedMessages = plan.reduce((n, p) => n + p.robots * p.groupsPerRobot * p.messagesPerGroup, 0);
let lastReport = 0;
await until(
  async () => {
    const accepted = rx.log.filter((l) => l.code === 0).length;
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      say(`  t=${((Date.now() - t0) / 1000).toFixed(0)} s: ${accepted}/${expectedMessages} messages accepted`);
    }
    if (accepted < expectedMessages) return false;
    return (await m.deliveries.summary(alertId)).byStatus.sent === queued;
  },
  Math.max(120_000, floorS * 3_000),
  'every delivery sent',
).catch((err: unknown) => {
  const refused = rx.log.filter((l) => l.code !== 0);
  say(
    `NOT DONE: ${(err as Error).message}; refusals: ${JSON.stringify(refused.slice(0, 10).map((r) => [r.channel, r.token, r.code, r.at - t0]))}`,
  );
});
const recordedS = (Date.now() - t0) / 1000;
await m.worker.stop();

const accepted = rx.log.filter((l) => l.code === 0);
const refused = rx.log.filter((l) => l.code !== 0);
const firstS = (Math.min(...accepted.map((l) => l.at)) - t0) / 1000;
const totalS = (Math.max(...accepted.map((l) => l.at)) - t0) / 1000;
const byChannel = (c: string) => accepted.filter((l) => l.channel === c);
for (const p of plan) {
  const got = byChannel(p.channel);
  const last = (Math.max(...got.map((l) => l.at)) - t0) / 1000;
  say(
    `  ${p.channel.padEnd(8)} ${got.length} messages accepted, last at ${last.toFixed(2)} s (floor ${floorOf(p).toFixed(1)} s)`,
  );
}
const summary = await m.deliveries.summary(alertId);
say(
  `queued ${queued}, sent ${summary.byStatus.sent}, failed ${summary.byStatus.failed}; reach ${summary.reach} members`,
);
say(
  `vendor refusals (rate limit or bad signature): ${refused.length}${refused.length ? ` — ${JSON.stringify(refused.slice(0, 3).map((r) => [r.channel, r.code]))}` : ''}`,
);
say(`all deliveries recorded as sent after ${recordedS.toFixed(2)} s`);
const ratio = totalS / floorS;
say(
  `total ${totalS.toFixed(2)} s, floor ${floorS.toFixed(1)} s, ratio ${ratio.toFixed(3)} (target ≤ 1.05); first broadcast ${firstS.toFixed(2)} s (target ≤ 5 s)`,
);
say(
  `bench:fanout groups=${GROUPS} total_s=${totalS.toFixed(2)} floor_s=${floorS.toFixed(1)} ratio=${ratio.toFixed(3)} first_broadcast_s=${firstS.toFixed(2)}`,
);
await rx.close();
await database.close();
