import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testing/case-factories.ts';
import { METRICS_TOKEN, sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { createAlert, jpeg, lonelySpot, rawPost } from '../testing/tadpole-fixtures.ts';
import { photoUrlFor } from './photo-links.ts';

/** Uploads (limits, types, EXIF/GPS stripped) and the expiring, revocable photo links. */
let h: Harness;
let officer: string;
const MAX = 40_000;

beforeAll(async () => {
  h = await startHarness({ env: { PHOTO_MAX_BYTES: String(MAX) } });
  officer = await sessionFor(h, 'officer');
});
afterAll(async () => h.close());

/** The EXIF block carries a GPS IFD pointer (tag 0x8825) in either byte order. */
const hasGps = (exif: Buffer | undefined) =>
  !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));

async function rejected(reason: string): Promise<number> {
  const res = await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const m = new RegExp(`lookout_tadpole_rejected_total\\{reason="${reason}"\\} (\\d+)`).exec(await res.text());
  return m ? Number(m[1]) : 0;
}

const upload = (id: string, body: Buffer, type: string) =>
  rawPost(h, 'POST', `/api/v1/tadpole/alerts/${id}/photos`, body, { cookie: officer, 'content-type': type });

describe('alert photos', () => {
  it('strips EXIF and GPS from an uploaded JPEG, stored and served', async () => {
    const a = await createAlert(h, officer, lonelySpot());
    const input = await jpeg(true);
    expect(hasGps((await sharp(input).metadata()).exif)).toBe(true);
    const res = await upload(a.id, input, 'image/jpeg');
    expect(res.status).toBe(201);
    const [row] = await h.database.query<{ bytes: Uint8Array }>('select bytes from photos where id = $1', [
      res.body.photo.id,
    ]);
    const stored = await sharp(Buffer.from(row!.bytes)).metadata();
    expect(stored.exif).toBeUndefined();
    expect(stored.format).toBe('jpeg');

    expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer })).status).toBe(200);
    const card = await call(h, 'GET', `/api/v1/public/alerts/${a.token}`);
    const url = new URL(card.body.card.photoUrl as string);
    const served = await fetch(`${h.base}${url.pathname}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect(meta.exif).toBeUndefined();
    expect(hasGps(meta.exif)).toBe(false);
  });

  it('names the card photo in the staff view of a draft, so it is checked before publishing', async () => {
    const liaison = await sessionFor(h, 'liaison');
    const a = await createAlert(h, liaison, lonelySpot());
    const before = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}`, { cookie: officer });
    expect(before.body.alert).toMatchObject({ hasPhoto: false, photoId: null, nextWiden: null });
    const res = await upload(a.id, await jpeg(), 'image/jpeg');
    expect(res.status).toBe(201);
    const draft = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}`, { cookie: officer });
    expect(draft.body.alert).toMatchObject({ status: 'draft', hasPhoto: true, photoId: String(res.body.photo.id) });
    const served = await fetch(`${h.base}/api/v1/tadpole/photos/${draft.body.alert.photoId}`, {
      headers: { cookie: liaison },
    });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    // Published: the next widening of the sent area is named (1–3 years: 700 m sent, widened past 840 m).
    expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer })).status).toBe(200);
    const active = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}`, { cookie: officer });
    // The radius grows with the time since the child was seen: a slow machine sends a few metres more.
    const { sentRadiusM, nextWiden } = active.body.alert as { sentRadiusM: number; nextWiden: { radiusM: number } };
    expect(sentRadiusM).toBeGreaterThanOrEqual(700);
    expect(sentRadiusM).toBeLessThan(730);
    expect(Math.abs(nextWiden.radiusM - sentRadiusM * 1.2)).toBeLessThanOrEqual(1);
    expect(Date.parse(active.body.alert.nextWiden.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('refuses an oversized photo with 413 and counts it', async () => {
    const a = await createAlert(h, officer, lonelySpot());
    const before = await rejected('photo_too_large');
    const res = await upload(a.id, Buffer.alloc(MAX + 1000, 0xff), 'image/jpeg');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(await rejected('photo_too_large')).toBe(before + 1);
  });

  it('refuses what is not an image, or not a JPEG/PNG/WebP, with 400 (415 for a non-image content type)', async () => {
    const a = await createAlert(h, officer, lonelySpot());
    const before = await rejected('photo_not_image');
    expect((await upload(a.id, Buffer.from('not a picture at all'), 'image/jpeg')).status).toBe(400);
    // A content type a page of another origin could send without a preflight never reaches the photo code.
    const text = await upload(a.id, await jpeg(), 'text/plain');
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'blue' } })
      .gif()
      .toBuffer();
    const g = await upload(a.id, gif, 'image/jpeg');
    expect(g.status).toBe(400);
    expect(g.body.error.details.reason).toBe('type');
    expect(await rejected('photo_not_image')).toBe(before + 2);
    const [n] = await h.database.query<{ n: number }>('select count(*) as n from photos where alert_id = $1', [a.id]);
    expect(Number(n!.n)).toBe(0);
  });
});

describe('photo links', () => {
  it('answers 404 to a forged or malformed token', async () => {
    const forged = Buffer.alloc(32, 1).toString('base64url');
    expect((await fetch(`${h.base}/p/${forged}`)).status).toBe(404);
    expect((await fetch(`${h.base}/p/short`)).status).toBe(404);
  });

  it('answers 410 once the link expired', async () => {
    const a = await createAlert(h, officer, lonelySpot());
    expect((await upload(a.id, await jpeg(), 'image/jpeg')).status).toBe(201);
    const url = await photoUrlFor(h.database, a.id, h.base, 0.0002); // 0.72 s
    expect((await fetch(url!)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 900));
    const res = await fetch(url!);
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('expired');
  });

  it('answers 410 after the retraction, and gives no new link', async () => {
    const a = await createAlert(h, officer, lonelySpot());
    expect((await upload(a.id, await jpeg(), 'image/jpeg')).status).toBe(201);
    expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer })).status).toBe(200);
    const url = await photoUrlFor(h.database, a.id, h.base, 24);
    expect((await fetch(url!)).status).toBe(200);
    expect(
      (await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retract`, { cookie: officer, body: {} })).status,
    ).toBe(200);
    const res = await fetch(url!);
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('revoked');
    expect(await photoUrlFor(h.database, a.id, h.base, 24)).toBeNull();
  });
});
