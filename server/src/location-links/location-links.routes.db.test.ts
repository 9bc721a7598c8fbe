import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS_TOKEN, sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { call, IPP, openCase } from '../testing/case-factories.ts';
import { newLinkToken } from '../public-links/link-token.ts';

let h: Harness;
const pageDir = mkdtempSync(path.join(tmpdir(), 'lookout-caller-page-'));
const pageFile = path.join(pageDir, 'index.html');
writeFileSync(pageFile, '<!doctype html><title>定位</title>');

beforeAll(async () => {
  h = await startHarness({ callerPageFile: pageFile, locateLimits: { perLink: 5, perIp: 1000 } });
});
afterAll(async () => {
  await h?.close();
});

async function newLink(ttlHours?: number) {
  const cookie = await sessionFor(h, 'officer');
  const caseId = await openCase(h, cookie);
  const res = await call(h, 'POST', `/api/v1/cases/${caseId}/location-links`, {
    cookie,
    body: { phone: '138 0000 5678', ...(ttlHours ? { ttlHours } : {}) },
  });
  expect(res.status).toBe(201);
  const token = (res.body.url as string).split('/l/')[1]!;
  return {
    cookie,
    caseId,
    token,
    link: res.body as { id: string; url: string; expiresAt: string; smsText: string; qrSvg: string },
  };
}

const fix = (extra: Record<string, unknown> = {}) => ({
  lat: IPP.lat + 0.001,
  lon: IPP.lon + 0.001,
  accuracy: 80,
  t: new Date().toISOString(),
  battery: 0.07,
  idempotencyKey: randomUUID(),
  ...extra,
});
const locate = (token: string, body: unknown, ip?: string) =>
  call(h, 'POST', `/api/v1/public/locate/${token}`, { body, ...(ip ? { headers: { 'x-forwarded-for': ip } } : {}) });

describe('POST /cases/:id/location-links', () => {
  it('gives a URL with a 256-bit token, the SMS text in Chinese, a QR code and a 24 h expiry', async () => {
    const { link, token } = await newLink();
    expect(link.url).toBe(`${h.base}/l/${token}`);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.smsText).toBe(`【永康市公安局】请点击链接发送您的位置，便于民警找到您：${link.url}`);
    expect(link.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const hours = (Date.parse(link.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
  });

  it('stores only the hash of the token', async () => {
    const { token, link } = await newLink();
    const [row] = await h.database.query<{ token_hash: string }>(
      'select token_hash from location_links where id = $1',
      [link.id],
    );
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toContain(token);
  });

  it('refuses a liaison (403) and a bad phone number (400)', async () => {
    const caseId = await openCase(h, await sessionFor(h, 'commander'));
    const liaison = await call(h, 'POST', `/api/v1/cases/${caseId}/location-links`, {
      cookie: await sessionFor(h, 'liaison'),
      body: { phone: '13800005678' },
    });
    expect(liaison.status).toBe(403);
    const bad = await call(h, 'POST', `/api/v1/cases/${caseId}/location-links`, {
      cookie: await sessionFor(h, 'officer'),
      body: { phone: 'call me maybe' },
    });
    expect(bad.status).toBe(400);
  });
});

describe('POST /public/locate/:token', () => {
  it('stores the fix as a `link` caller location with a `caller_location` event, no session needed', async () => {
    const { token, caseId, cookie } = await newLink();
    const res = await locate(token, fix());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ stored: true, accuracyM: 80 });
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie });
    const [f] = detail.body.callerLocations.features;
    expect(f.properties).toMatchObject({ source: 'link', datumReceived: 'wgs84', accuracyM: 80, battery: 7 });
    expect(f.geometry.coordinates).toEqual([IPP.lon + 0.001, IPP.lat + 0.001]);
    expect(detail.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['opened', 'location_link_created', 'caller_location']),
    );
  });

  it('treats a reused idempotency key as the same post (one row)', async () => {
    const { token, caseId } = await newLink();
    const body = fix();
    expect((await locate(token, body)).status).toBe(201);
    expect((await locate(token, body)).status).toBe(201);
    const rows = await h.database.query('select id from caller_locations where case_id = $1', [caseId]);
    expect(rows).toHaveLength(1);
  });

  it('answers 404 for a forged or malformed token', async () => {
    expect((await locate(newLinkToken(), fix())).status).toBe(404);
    expect((await locate('short', fix())).status).toBe(404);
    expect((await locate(`${'a'.repeat(42)}%2F`, fix())).status).toBe(404);
  });

  it('answers 410 for a revoked link', async () => {
    const { token, link, cookie } = await newLink();
    const revoked = await call(h, 'POST', `/api/v1/location-links/${link.id}/revoke`, { cookie });
    expect(revoked.status).toBe(200);
    const res = await locate(token, fix());
    expect(res.status).toBe(410);
    expect(res.body.error.details).toEqual({ reason: 'revoked' });
  });

  it('answers 410 for an expired link', async () => {
    const { token, link } = await newLink();
    await h.database.query(`update location_links set expires_at = now() - interval '1 minute' where id = $1`, [
      link.id,
    ]);
    const res = await locate(token, fix());
    expect(res.status).toBe(410);
    expect(res.body.error.details).toEqual({ reason: 'expired' });
  });

  it.each([
    ['accuracy 0', { accuracy: 0 }],
    ['negative accuracy', { accuracy: -5 }],
    ['absurd accuracy (60 km)', { accuracy: 60_000 }],
    ['latitude out of range', { lat: 91 }],
    ['longitude out of range', { lon: -181 }],
    ['no idempotency key', { idempotencyKey: undefined }],
    ['coordinates as strings', { lat: '28.9', lon: '120.0' }],
  ])('answers 400 for %s', async (_name, extra) => {
    const { token } = await newLink();
    const res = await locate(token, fix(extra));
    expect(res.status).toBe(400);
  });

  it('rate-limits a flood from one link (429 with retry-after) and counts it', async () => {
    const { token } = await newLink();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await locate(token, fix())).status);
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const last = await locate(token, fix());
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    const metrics = await (
      await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/lookout_locate_rate_limited_total\{scope="link"\} [4-9]/);
  });
});

describe('GET /l/:token', () => {
  it('serves the caller page uncached and records the first opening once', async () => {
    const { token, link, caseId, cookie } = await newLink();
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${h.base}/l/${token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.text()).toContain('定位');
    }
    await new Promise((r) => setTimeout(r, 100));
    const [row] = await h.database.query<{ first_opened_at: Date | null }>(
      'select first_opened_at from location_links where id = $1',
      [link.id],
    );
    expect(row!.first_opened_at).not.toBeNull();
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie });
    expect(detail.body.events.filter((e: { type: string }) => e.type === 'location_link_opened')).toHaveLength(1);
  });
});

describe('GET /l/:token without a built page', () => {
  let bare: Harness;
  beforeAll(async () => {
    bare = await startHarness({ callerPageFile: path.join(pageDir, 'missing', 'index.html') });
  });
  afterAll(async () => {
    await bare?.close();
  });

  it('answers 503 with a clear text', async () => {
    const res = await fetch(`${bare.base}/l/${newLinkToken()}`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/caller page is not built/);
  });
});

describe('the AML route without a configured token', () => {
  it('does not exist: 404 with a bearer token or a session', async () => {
    const body = { caseId: randomUUID(), lon: 120, lat: 28, datum: 'wgs84', accuracyM: 5, t: new Date().toISOString() };
    expect(
      (
        await call(h, 'POST', '/api/v1/aml/caller-locations', {
          body,
          headers: { authorization: 'Bearer whatever-token-123456' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(h, 'POST', '/api/v1/aml/caller-locations', { body, cookie: await sessionFor(h, 'admin') })).status,
    ).toBe(404);
  });
});
