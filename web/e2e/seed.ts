/**
 * What a browser test needs before its first click, written through the API the web app uses (or the public card's
 * API, as a passer-by's phone does): each test seeds its own case or alert and can run alone.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { E2eLookout } from './e2e-lookout.ts';
import type { Account, Api } from './lookout-process.ts';

/** A point `eastM`/`northM` metres from `p`. */
export function offset(p: { lon: number; lat: number }, eastM: number, northM: number): { lon: number; lat: number } {
  return {
    lon: p.lon + eastM / (111_320 * Math.cos((p.lat * Math.PI) / 180)),
    lat: p.lat + northM / 110_574,
  };
}

/** A JPEG of this size in one colour (a camera photo as far as the server can tell). */
export function jpeg(width: number, height: number, background: string, quality = 90): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } })
    .jpeg({ quality })
    .toBuffer();
}

/** A fresh officer account and his unit (the demo officer is walked and dispatched by the demo scenario). */
export async function newOfficer(
  e2e: E2eLookout,
  displayName = 'E2E 民警',
): Promise<{ account: Account; api: Api; unitId: string }> {
  const account = { username: `o-${randomUUID().slice(0, 8)}`, password: 'officer-pass-1234', role: 'officer' };
  const made = await (
    await e2e.api('admin')
  )('POST', '/users', {
    username: account.username,
    password: account.password,
    roles: [account.role],
    displayName,
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const api = await e2e.api(account);
  const me = await api<{ unit: { id: string } }>('GET', '/me/assignment');
  expect(me.status, JSON.stringify(me.body)).toBe(200);
  return { account, api, unitId: me.body.unit.id };
}

/** A lost-person case opened by the commander; returns its id. */
export async function openCase(e2e: E2eLookout, title: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await (
    await e2e.api('commander')
  )<{ case: { id: string } }>('POST', '/cases', {
    kind: 'lost_person',
    title,
    subjectCategory: 'hiker',
    subjectCount: 1,
    ...extra,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.case.id;
}

/** A caller fix typed in by the commander. */
export async function callerFix(
  e2e: E2eLookout,
  caseId: string,
  p: { lon: number; lat: number },
  accuracyM = 30,
): Promise<number> {
  const r = await (
    await e2e.api('commander')
  )<{ properties: { id: number } }>('POST', `/cases/${caseId}/caller-locations`, {
    ...p,
    datum: 'wgs84',
    accuracyM,
    idempotencyKey: randomUUID(),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.properties.id;
}

export interface TadpoleAlertInput {
  kind?: 'found_child' | 'lost_child';
  ageBand?: string;
  sex?: 'male' | 'female' | 'unknown';
  heightCm?: number;
  clothing?: string;
  placeText?: string;
  at: { lon: number; lat: number };
  contactPhone?: string;
  /** The staff-only notes of the case file. */
  notes?: string;
  /** A camera photo uploaded with the alert. */
  photo?: boolean;
}

export interface SeededAlert {
  id: string;
  caseId: string;
}

/** A draft alert created by the liaison (with its photo if asked), as the create form sends it. */
export async function draftAlert(e2e: E2eLookout, input: TadpoleAlertInput): Promise<SeededAlert> {
  const liaison = await e2e.api('liaison');
  const created = await liaison<{ alert: SeededAlert }>('POST', '/tadpole/alerts', {
    kind: input.kind ?? 'found_child',
    ageBand: input.ageBand ?? 'child_1_3',
    sex: input.sex ?? 'male',
    heightCm: input.heightCm ?? 95,
    clothing: input.clothing ?? '蓝色上衣，黑色短裤，红色凉鞋',
    placeText: input.placeText ?? '花都路 公交站旁',
    point: { ...input.at, datum: 'wgs84' },
    seenAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    contactPhone: input.contactPhone ?? '0579-8888 1100',
    caseFile: { data: input.notes ? { notes: input.notes } : {} },
    idempotencyKey: randomUUID(),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const { id, caseId } = created.body.alert;
  if (input.photo) {
    const photo = await jpeg(1600, 1200, '#d08050');
    expect(await e2e.upload('liaison', 'POST', `/tadpole/alerts/${id}/photos`, photo, 'image/jpeg')).toBe(201);
  }
  return { id, caseId };
}

/** An alert the commander verified: published, its deliveries under way. */
export async function activeAlert(e2e: E2eLookout, input: TadpoleAlertInput): Promise<SeededAlert> {
  const alert = await draftAlert(e2e, input);
  const verified = await (await e2e.api('commander'))('POST', `/tadpole/alerts/${alert.id}/verify`, {});
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  return alert;
}

/** The public card's link of a published alert. */
export async function publicUrlOf(e2e: E2eLookout, alertId: string): Promise<string> {
  const d = await (await e2e.api('liaison'))<{ publicUrl: string }>('GET', `/tadpole/alerts/${alertId}`);
  expect(d.status, JSON.stringify(d.body)).toBe(200);
  return d.body.publicUrl;
}

/** The delivery of an alert to one group, once the server has planned it. */
export async function deliveryTo(e2e: E2eLookout, alertId: string, groupId: string): Promise<{ id: number }> {
  const liaison = await e2e.api('liaison');
  let found: { id: number } | undefined;
  await expect
    .poll(
      async () => {
        const r = await liaison<{ deliveries: { id: number; groupId: string }[] }>(
          'GET',
          `/tadpole/deliveries?alertId=${alertId}`,
        );
        found = r.body.deliveries?.find((d) => d.groupId === groupId);
        return found !== undefined;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return found!;
}

/** The liaison forwarded the kit to this group (已转发). */
export async function acknowledgeDelivery(e2e: E2eLookout, alertId: string, groupId: string): Promise<void> {
  const delivery = await deliveryTo(e2e, alertId, groupId);
  const r = await (await e2e.api('liaison'))('POST', `/tadpole/deliveries/${delivery.id}/ack`, {});
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** A passer-by's tip through the public card's API (and its photo with the one-time upload token). */
export async function publicTip(
  e2e: E2eLookout,
  publicUrl: string,
  tip: { text: string; at?: { lon: number; lat: number }; phone?: string; photo?: boolean },
): Promise<number> {
  const token = new URL(publicUrl).pathname.split('/').pop()!;
  const r = await fetch(`${e2e.baseUrl}/api/v1/public/alerts/${token}/tips`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      idempotencyKey: randomUUID(),
      text: tip.text,
      location: tip.at ? { source: 'pin', ...tip.at, datum: 'wgs84' } : null,
      ...(tip.phone ? { phone: tip.phone } : {}),
    }),
  });
  const body = (await r.json()) as { tip: { id: number }; photoUpload: { url: string; token: string } };
  expect(r.status, JSON.stringify(body)).toBe(201);
  if (tip.photo) {
    const put = await fetch(`${e2e.baseUrl}${body.photoUpload.url}`, {
      method: 'PUT',
      headers: { 'content-type': 'image/jpeg', 'x-upload-token': body.photoUpload.token },
      body: new Uint8Array(await jpeg(800, 600, '#5080d0')),
    });
    expect(put.status, await put.text()).toBe(201);
  }
  return body.tip.id;
}

/** The liaison marks a tip useful. */
export async function markTipUseful(e2e: E2eLookout, tipId: number): Promise<void> {
  const r = await (await e2e.api('liaison'))('POST', `/tadpole/tips/${tipId}/mark`, { useful: true });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** The guardian verified and the child handed over by the liaison. */
export async function handOver(e2e: E2eLookout, alertId: string): Promise<void> {
  const liaison = await e2e.api('liaison');
  const gv = await liaison('POST', `/tadpole/alerts/${alertId}/guardian-verification`, {
    methods: ['id_checked', 'photo_match'],
    relation: '母亲',
  });
  expect(gv.status, JSON.stringify(gv.body)).toBe(200);
  const h = await liaison('POST', `/tadpole/alerts/${alertId}/handover`, {});
  expect(h.status, JSON.stringify(h.body)).toBe(200);
}

/** The commander retracts a handed-over alert (reunited). */
export async function retract(e2e: E2eLookout, alertId: string): Promise<void> {
  const r = await (await e2e.api('commander'))('POST', `/tadpole/alerts/${alertId}/retract`, { reason: 'reunited' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}
