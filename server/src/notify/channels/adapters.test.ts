import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapters, type Adapters } from './adapters.ts';
import type { OutgoingMessage } from './channel.ts';
import { messageText } from '../../tadpole/delivery/alert-text.ts';
import { SMS_SINK_NOTE } from './sms.ts';
import { startVendorReceiver, type VendorReceiver } from './testing/vendor-receiver.ts';

const card = {
  kind: 'found_child' as const,
  ageBand: 'child_1_3',
  sex: 'male' as const,
  heightCm: 95,
  clothing: '蓝色上衣，黑色裤子，白色运动鞋',
  publicNote: null,
  placeText: '花都路与花川路交叉口',
  seenAt: new Date('2026-11-21T00:00:00Z'),
  contactPhone: '0579-87654321',
};

function message(
  over: Partial<typeof card> = {},
  photo: OutgoingMessage['photo'] = null,
  msgType: OutgoingMessage['msgType'] = 'Alert',
): OutgoingMessage {
  const links = {
    cardUrl: 'https://lookout.example/t/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
    photoUrl: msgType === 'Cancel' ? null : 'https://lookout.example/p/photo-token-1',
  };
  const { title, lines } = messageText(
    { msgType, headline: '花都路发现一名走失男童，约3岁' },
    { ...card, ...over },
    links,
  );
  return { deliveryId: 7, msgType, title, lines, ...links, photo };
}

let rx: VendorReceiver;
let adapters: Adapters;
let sinkFile: string;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  rx = await startVendorReceiver({ smsRatePerSecond: 2 });
  sinkFile = path.join(mkdtempSync(path.join(tmpdir(), 'sms-sink-')), 'sms-outbox.jsonl');
  adapters = createAdapters({ bases: rx.bases, sms: { kind: 'http', url: rx.smsUrl }, log, timeoutMs: 2_000 });
});
afterAll(() => rx.close());

const token = (p: string) => `${p}${Math.random().toString(36).slice(2, 12)}`;

describe('WeCom group robot', () => {
  it('sends text within 2,048 UTF-8 bytes, cut on a character boundary, keeping phone and links', async () => {
    const key = token('wk');
    const webhookUrl = rx.addRobot({ channel: 'wecom', token: key });
    const long = message({ clothing: '红色'.repeat(800) }); // ~4.8 KB of clothing
    const r = await adapters.wecom.send(long, { webhookUrl });
    expect(r).toMatchObject({ ok: true, vendorCode: 0 });
    const [got] = rx.accepted(key);
    const content = (got!.body.text as { content: string }).content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2048);
    expect(Buffer.from(content, 'utf8').toString('utf8')).toBe(content);
    expect(content).not.toContain('\uFFFD');
    expect(content).toContain('0579-87654321');
    expect(content).toContain('https://lookout.example/t/');
    expect(content).toContain('…');
  });

  it('sends the photo as a second, image message (base64 + md5 checked by the receiver)', async () => {
    const key = token('wk');
    const webhookUrl = rx.addRobot({ channel: 'wecom', token: key });
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5000, 7)]);
    const m = message({}, { bytes: jpeg, mime: 'image/jpeg' });
    expect(adapters.wecom.messageCount(m)).toBe(2);
    expect(await adapters.wecom.send(m, { webhookUrl })).toMatchObject({ ok: true });
    expect(rx.accepted(key).map((l) => l.body.msgtype)).toEqual(['text', 'image']);
  });

  it('an unknown key (93000) is permanent; 45009 is a rate limit worth retrying', async () => {
    const url = `${rx.bases.wecom[0]}?key=${token('nokey')}`;
    expect(await adapters.wecom.send(message(), { webhookUrl: url })).toMatchObject({
      ok: false,
      vendorCode: 93000,
      retryable: false,
    });
    const key = token('wk');
    const webhookUrl = rx.addRobot({ channel: 'wecom', token: key });
    rx.failNext(key, 1, 'ratelimit');
    expect(await adapters.wecom.send(message(), { webhookUrl })).toMatchObject({
      ok: false,
      vendorCode: 45009,
      retryable: true,
    });
    rx.failNext(key, 1, 'http500');
    expect(await adapters.wecom.send(message(), { webhookUrl })).toMatchObject({
      ok: false,
      httpStatus: 500,
      retryable: true,
    });
  });

  it('refuses a webhook outside the vendor base without sending anything', async () => {
    const before = rx.log.length;
    const r = await adapters.wecom.send(message(), {
      webhookUrl: 'http://169.254.169.254/cgi-bin/webhook/send?key=abcdefgh',
    });
    expect(r).toMatchObject({ ok: false, retryable: false });
    expect(r.error).toMatch(/must start with/);
    expect(rx.log.length).toBe(before);
  });
});

describe('DingTalk custom robot (加签)', () => {
  it('signs as documented: the receiver recomputes the HMAC and checks the timestamp', async () => {
    const t = token('dt');
    const webhookUrl = rx.addRobot({ channel: 'dingtalk', token: t, secret: 'SECabc123+/=' });
    const r = await adapters.dingtalk.send(message(), { webhookUrl, signSecret: 'SECabc123+/=' });
    expect(r).toMatchObject({ ok: true, vendorCode: 0 });
    const [got] = rx.accepted(t);
    expect(Math.abs(Number(got!.extra!.timestamp) - Date.now())).toBeLessThan(5_000);
    const md = got!.body.markdown as { title: string; text: string };
    expect(md.text).toContain('![照片](https://lookout.example/p/photo-token-1)');
    expect(md.title).toContain('发现走失儿童');
  });

  it('a wrong secret or a timestamp over an hour off gets 310000, which is permanent', async () => {
    const t = token('dt');
    const webhookUrl = rx.addRobot({ channel: 'dingtalk', token: t, secret: 'SECright' });
    expect(await adapters.dingtalk.send(message(), { webhookUrl, signSecret: 'SECwrong' })).toMatchObject({
      ok: false,
      vendorCode: 310000,
      retryable: false,
    });
    const skewed = createAdapters({
      bases: rx.bases,
      sms: { kind: 'sink', file: sinkFile },
      log,
      now: () => Date.now() - 2 * 3_600_000,
    });
    expect(await skewed.dingtalk.send(message(), { webhookUrl, signSecret: 'SECright' })).toMatchObject({
      vendorCode: 310000,
    });
  });

  it('130101 (over 20 a minute) is retryable and asks the robot to rest 10 minutes', async () => {
    const t = token('dt');
    const webhookUrl = rx.addRobot({ channel: 'dingtalk', token: t });
    rx.failNext(t, 1, 'ratelimit');
    expect(await adapters.dingtalk.send(message(), { webhookUrl })).toMatchObject({
      ok: false,
      vendorCode: 130101,
      retryable: true,
      retryAfterMs: 600_000,
    });
    // The receiver keeps the robot throttled, as DingTalk does.
    expect(await adapters.dingtalk.send(message(), { webhookUrl })).toMatchObject({ vendorCode: 130101 });
  });
});

describe('Feishu custom bot', () => {
  it('puts timestamp (s) and sign in the body; the receiver recomputes the signature', async () => {
    const t = token('fs');
    const webhookUrl = rx.addRobot({ channel: 'feishu', token: t, secret: 'fs-secret' });
    expect(await adapters.feishu.send(message(), { webhookUrl, signSecret: 'fs-secret' })).toMatchObject({
      ok: true,
      vendorCode: 0,
    });
    const [got] = rx.accepted(t);
    expect(String(got!.body.timestamp)).toMatch(/^\d{10}$/);
    expect(got!.body.msg_type).toBe('post');
  });

  it('a bad signature gets 19021 (permanent); 11232 frequency limit is retryable', async () => {
    const t = token('fs');
    const webhookUrl = rx.addRobot({ channel: 'feishu', token: t, secret: 'fs-secret' });
    expect(await adapters.feishu.send(message(), { webhookUrl, signSecret: 'other' })).toMatchObject({
      vendorCode: 19021,
      retryable: false,
    });
    rx.failNext(t, 1, 'ratelimit');
    expect(await adapters.feishu.send(message(), { webhookUrl, signSecret: 'fs-secret' })).toMatchObject({
      vendorCode: 11232,
      retryable: true,
    });
  });

  it('keeps the request body within 20 KB', async () => {
    const t = token('fs');
    const webhookUrl = rx.addRobot({ channel: 'feishu', token: t });
    const huge = message({ clothing: '很长的描述'.repeat(3000), placeText: '"引号"\\反斜杠'.repeat(500) });
    expect(await adapters.feishu.send(huge, { webhookUrl })).toMatchObject({ ok: true });
    expect(Buffer.byteLength(JSON.stringify(rx.accepted(t)[0]!.body))).toBeLessThanOrEqual(20 * 1024);
  });
});

describe('SMS', () => {
  it('posts the roster and the text to the gateway; 429 is retryable', async () => {
    const r = await adapters.sms.send(message(), { phones: ['13800001111', '13900002222'] });
    expect(r).toMatchObject({ ok: true });
    const last = rx.log.filter((l) => l.channel === 'sms').at(-1)!;
    expect(last.body.to).toEqual(['13800001111', '13900002222']);
    expect([...String(last.body.text)].length).toBeLessThanOrEqual(480);
    await adapters.sms.send(message(), { phones: ['1'] });
    expect(await adapters.sms.send(message(), { phones: ['13800001111'] })).toMatchObject({
      ok: false,
      httpStatus: 429,
      retryable: true,
    });
  });

  it('without a gateway writes the outbox file, labelled as not sent', async () => {
    const sink = createAdapters({ bases: rx.bases, sms: { kind: 'sink', file: sinkFile }, log });
    const r = await sink.sms.send(message(), { phones: ['13800001111'] });
    expect(r.ok).toBe(true);
    // The note reaches the liaison's phone: the label alone, never the server's file path.
    expect(r.note).toBe(SMS_SINK_NOTE);
    const line = JSON.parse(readFileSync(sinkFile, 'utf8').trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(line).toMatchObject({ to: ['13800001111'], note: SMS_SINK_NOTE, ref: 'delivery-7' });
  });
});

describe('the Cancel', () => {
  it('starts with 已找到，请删除转发 on every channel and carries no photo', async () => {
    const t = token('wk');
    const webhookUrl = rx.addRobot({ channel: 'wecom', token: t });
    const m = message({}, null, 'Cancel');
    expect(m.photoUrl).toBeNull();
    await adapters.wecom.send(m, { webhookUrl });
    expect((rx.accepted(t)[0]!.body.text as { content: string }).content.startsWith('已找到，请删除转发')).toBe(true);
  });
});
