import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testing/case-factories.ts';
import { METRICS_TOKEN, sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { createAlert, jpeg, lonelySpot, offset, rawPost } from '../testing/tadpole-fixtures.ts';

/** Tips from the public page: flood limits, closed alerts, the tip photo, grouping of nearby tips. */
let h: Harness;
/** A second server on the same database with a tight limit (every request here comes from 127.0.0.1). */
let strict: Harness;
/** The default limit of 5, behind a trusted proxy on loopback (X-Forwarded-For names the sender). */
let proxied: Harness;
let officer: string;
const LIMIT = 4;

beforeAll(async () => {
  h = await startHarness({ env: { TIP_RATE_PER_10MIN: '1000' } });
  strict = await startHarness({ database: h.database, env: { TIP_RATE_PER_10MIN: String(LIMIT) } });
  proxied = await startHarness({ database: h.database, env: { TRUST_PROXY: 'loopback' } });
  officer = await sessionFor(h, 'officer');
});
afterAll(async () => {
  await proxied?.close();
  await strict?.close();
  await h?.close();
});

async function rejected(reason: string): Promise<number> {
  const res = await fetch(`${strict.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const m = new RegExp(`lookout_tadpole_rejected_total\\{reason="${reason}"\\} (\\d+)`).exec(await res.text());
  return m ? Number(m[1]) : 0;
}

async function activeAlert(at = lonelySpot()) {
  const a = await createAlert(h, officer, at);
  expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer })).status).toBe(200);
  return a;
}

const tip = (token: string, key: string, extra: Record<string, unknown> = {}, server = h, from?: string) =>
  call(server, 'POST', `/api/v1/public/alerts/${token}/tips`, {
    body: { idempotencyKey: key, text: '在超市门口看到', ...extra },
    ...(from ? { headers: { 'x-forwarded-for': from } } : {}),
  });

describe('public tips', () => {
  it('stops a flood from one address with 429 and counts it', async () => {
    const a = await activeAlert();
    const before = await rejected('tip_rate');
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 3; i++) statuses.push((await tip(a.token, `flood-key-${i}`, {}, strict)).status);
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(201));
    expect(statuses.slice(LIMIT)).toEqual([429, 429, 429]);
    expect(await rejected('tip_rate')).toBe(before + 3);
    const [n] = await h.database.query<{ n: number }>('select count(*) as n from tips where alert_id = $1', [a.id]);
    expect(Number(n!.n)).toBe(LIMIT);
  });

  it('spends the budget on accepted tips only: 10 refused, then 5 accepted, the 6th is 429', async () => {
    const a = await activeAlert();
    const forged = Buffer.alloc(32, 7).toString('base64url');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const refused: number[] = [];
    for (let i = 0; i < 4; i++) refused.push((await tip(a.token, `budget-bad-${i}`, { text: '' }, proxied)).status);
    for (let i = 0; i < 3; i++) refused.push((await tip(forged, `budget-forged-${i}`, {}, proxied)).status);
    for (let i = 0; i < 3; i++)
      refused.push((await tip(a.token, `budget-future-${i}`, { seenAt: future }, proxied)).status);
    expect(refused).toEqual([400, 400, 400, 400, 404, 404, 404, 400, 400, 400]);

    const accepted: number[] = [];
    for (let i = 0; i < 5; i++) accepted.push((await tip(a.token, `budget-ok-${i}`, {}, proxied)).status);
    expect(accepted).toEqual([201, 201, 201, 201, 201]);
    const sixth = await tip(a.token, 'budget-ok-5', {}, proxied);
    expect(sixth.status).toBe(429);
    expect(sixth.body.error).toMatchObject({ code: 'rate_limited' });
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(500);
    // A retry of an accepted tip still gets its answer; another alert has its own budget.
    expect((await tip(a.token, 'budget-ok-4', {}, proxied)).status).toBe(200);
    expect((await tip((await activeAlert()).token, 'other-alert', {}, proxied)).status).toBe(201);
    const [n] = await h.database.query<{ n: number }>('select count(*) as n from tips where alert_id = $1', [a.id]);
    expect(Number(n!.n)).toBe(5);
  });

  it('behind a trusted proxy each X-Forwarded-For address has its own budget; without one it is ignored', async () => {
    const a = await activeAlert();
    const statuses = async (server: Harness, token: string, from: string, n: number, prefix: string) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await tip(token, `proxy-${prefix}-${i}`, {}, server, from)).status);
      return out;
    };
    expect(await statuses(proxied, a.token, '203.0.113.7', 6, 'seven')).toEqual([201, 201, 201, 201, 201, 429]);
    expect(await statuses(proxied, a.token, '203.0.113.8', 1, 'eight')).toEqual([201]);

    // No trusted proxy (the `strict` server): the header is the client's word, and every post is 127.0.0.1's.
    const b = await activeAlert();
    expect(await statuses(strict, b.token, '203.0.113.7', LIMIT, 'direct-seven')).toEqual(Array(LIMIT).fill(201));
    expect(await statuses(strict, b.token, '203.0.113.8', 1, 'direct-eight')).toEqual([429]);
  });

  it('refuses a tip on a cancelled alert with 410', async () => {
    const a = await activeAlert();
    const r = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retract`, {
      cookie: officer,
      body: { reason: 'withdrawn' },
    });
    expect(r.body.alert.status).toBe('cancelled');
    const res = await call(h, 'POST', `/api/v1/public/alerts/${a.token}/tips`, {
      body: { idempotencyKey: 'cancelled-0001', text: 'x' },
    });
    expect(res.status).toBe(410);
    const card = await call(h, 'GET', `/api/v1/public/alerts/${a.token}`);
    expect(card.body.card.notice).toContain('撤回');
  });

  it('refuses a bad body, a forged token and a tip in the future', async () => {
    const a = await activeAlert();
    expect((await call(h, 'POST', `/api/v1/public/alerts/${a.token}/tips`, { body: { text: '' } })).status).toBe(400);
    const forged = Buffer.alloc(32, 9).toString('base64url');
    expect(
      (
        await call(h, 'POST', `/api/v1/public/alerts/${forged}/tips`, {
          body: { idempotencyKey: 'k-forged-1', text: 'x' },
        })
      ).status,
    ).toBe(404);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(
      (
        await call(h, 'POST', `/api/v1/public/alerts/${a.token}/tips`, {
          body: { idempotencyKey: 'k-future-1', text: 'x', seenAt: future },
        })
      ).status,
    ).toBe(400);
  });

  it('takes one photo per tip with its upload token, EXIF stripped', async () => {
    const a = await activeAlert();
    const t = await call(h, 'POST', `/api/v1/public/alerts/${a.token}/tips`, {
      body: { idempotencyKey: 'photo-tip-1', text: '拍到了' },
    });
    expect(t.status).toBe(201);
    const path = t.body.photoUpload.url as string;
    const img = await jpeg(true);
    expect(
      (await rawPost(h, 'PUT', path, img, { 'content-type': 'image/jpeg', 'x-upload-token': 'wrong' })).status,
    ).toBe(403);
    const ok = await rawPost(h, 'PUT', path, img, {
      'content-type': 'image/jpeg',
      'x-upload-token': t.body.photoUpload.token,
    });
    expect(ok.status).toBe(201);
    expect(
      (await rawPost(h, 'PUT', path, img, { 'content-type': 'image/jpeg', 'x-upload-token': t.body.photoUpload.token }))
        .status,
    ).toBe(409);
    const tips = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/tips`, { cookie: officer });
    expect(tips.body.tips[0].photoId).toBe(ok.body.photo.id);
    // A tip photo is never the card photo.
    expect((await call(h, 'GET', `/api/v1/public/alerts/${a.token}`)).body.card.photoUrl).toBeNull();
    const staff = await fetch(`${h.base}/api/v1/tadpole/photos/${ok.body.photo.id}`, { headers: { cookie: officer } });
    expect(staff.status).toBe(200);
  });

  it('groups tips within 150 m', async () => {
    const at = lonelySpot();
    const a = await activeAlert(at);
    const pin = (p: { lon: number; lat: number }) => ({
      location: { source: 'device', ...p, datum: 'wgs84', accuracyM: 10 },
    });
    await tip(a.token, 'cluster-a-1', pin(offset(at, 1000)));
    await tip(a.token, 'cluster-a-2', pin(offset(at, 1080)));
    await tip(a.token, 'cluster-b-1', pin(offset(at, -900)));
    const res = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/tips`, { cookie: officer });
    const sizes = (res.body.clusters as { count: number }[]).map((c) => c.count).sort();
    expect(sizes).toEqual([1, 2]);
  });
});
