import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, IPP, openCase } from '../../testing/case-factories.ts';
import {
  createTestUser,
  insertDrone,
  insertFix,
  login,
  METRICS_TOKEN,
  sessionFor,
  startHarness,
  type Harness,
} from '../../testing/harness.ts';

/** A picture from a drone's live video becomes a sighting: at the laser's target, else at the aircraft. */
let h: Harness;
let commander: string;
beforeAll(async () => {
  h = await startHarness({ env: { PHOTO_MAX_BYTES: '200000' } });
  commander = await sessionFor(h, 'commander');
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const jpeg = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: '#2e7d32' } })
    .jpeg()
    .toBuffer();

const snap = async (cookie: string, droneId: string, caseId: string, bytes: Buffer, type = 'image/jpeg') => {
  const res = await fetch(`${h.base}/api/v1/drones/${droneId}/video/snapshot?caseId=${caseId}`, {
    method: 'POST',
    headers: { cookie, 'content-type': type },
    body: new Uint8Array(bytes),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
};

async function pilot(): Promise<{ cookie: string; id: string }> {
  const u = await createTestUser(h.database, 'pilot');
  const cookie = await login(h.base, u.username, u.password);
  return { cookie, id: (await call(h, 'GET', '/api/v1/auth/me', { cookie })).body.user.id as string };
}

/** A pilot flying a fresh drone for a fresh case, the drone's fix 60 m up just now. */
async function flying(fix = true) {
  const p = await pilot();
  const caseId = await openCase(h, commander);
  const { id: droneId } = await insertDrone(h.database);
  expect(
    (await call(h, 'POST', `/api/v1/cases/${caseId}/drones`, { cookie: p.cookie, body: { droneId } })).status,
  ).toBe(201);
  if (fix) {
    await insertFix(h.database, droneId, { t: new Date(), lon: IPP.lon, lat: IPP.lat });
    await h.database.query('update drone_state set alt_rel = 60 where drone_id = $1', [droneId]);
  }
  return { p, caseId, droneId };
}

async function laser(droneId: string, o: { ageMs?: number; errorState?: number; lon?: number; lat?: number } = {}) {
  await h.database.query(
    `insert into drone_laser_targets (drone_id, t, payload_index, lon, lat, alt, distance, error_state)
     values ($1, $2, '52-0-0', $3, $4, 300, 250, $5)
     on conflict (drone_id) do update set t = excluded.t, lon = excluded.lon, lat = excluded.lat,
       error_state = excluded.error_state`,
    [
      droneId,
      new Date(Date.now() - (o.ageMs ?? 1_000)).toISOString(),
      o.lon ?? IPP.lon + 0.003,
      o.lat ?? IPP.lat + 0.002,
      o.errorState ?? 0,
    ],
  );
}

async function counter(name: string, reason: string): Promise<number> {
  const text = await (
    await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{reason="${reason}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('POST /drones/:id/video/snapshot', () => {
  it('places the picture at a valid, fresh laser target with a radius of a few metres, photo and event', async () => {
    const { p, caseId, droneId } = await flying();
    await laser(droneId);
    const res = await snap(p.cookie, droneId, caseId, await jpeg());
    expect(res.status).toBe(201);
    expect(res.body.position).toBe('laser');
    expect(res.body.sighting.geometry.coordinates[0]).toBeCloseTo(IPP.lon + 0.003, 6);
    expect(res.body.sighting.geometry.coordinates[1]).toBeCloseTo(IPP.lat + 0.002, 6);
    expect(res.body.sighting.properties).toMatchObject({ droneId, uncM: 8, hasPhoto: true, kind: 'person' });
    const id = res.body.sighting.id as number;
    const photo = await fetch(`${h.base}/api/v1/sightings/${id}/photo`, { headers: { cookie: commander } });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toContain('image/jpeg');
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
    const marked = (detail.body.events as { type: string; data: { sightingId?: number } }[]).filter(
      (e) => e.type === 'sighting_marked',
    );
    expect(marked.map((e) => e.data.sightingId)).toEqual([id]);
  });

  it('falls back to the aircraft, with a larger radius, on a laser error state or a stale reading', async () => {
    const { p, caseId, droneId } = await flying();
    await laser(droneId, { errorState: 2 });
    const tooFar = await snap(p.cookie, droneId, caseId, await jpeg());
    expect(tooFar.status).toBe(201);
    expect(tooFar.body.position).toBe('aircraft');
    expect(tooFar.body.sighting.geometry.coordinates[0]).toBeCloseTo(IPP.lon, 6);
    expect(tooFar.body.sighting.properties.uncM).toBe(60);
    await laser(droneId, { ageMs: 30_000 });
    const stale = await snap(commander, droneId, caseId, await jpeg());
    expect(stale.body).toMatchObject({ position: 'aircraft', sighting: { properties: { uncM: 60 } } });
    await laser(droneId, { lon: 0, lat: 0 });
    expect((await snap(commander, droneId, caseId, await jpeg())).body.position).toBe('aircraft');
  });

  it('answers 409 when the drone has no position at all', async () => {
    const { p, caseId, droneId } = await flying(false);
    const res = await snap(p.cookie, droneId, caseId, await jpeg());
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/no position/);
  });

  it('lets the officer whose case it is take one; refuses another pilot, another case and a liaison', async () => {
    const { caseId, droneId } = await flying();
    const officer = await sessionFor(h, 'officer');
    const ownCase = await openCase(h, officer);
    expect(
      (await call(h, 'POST', `/api/v1/cases/${ownCase}/drones`, { cookie: commander, body: { droneId } })).status,
    ).toBe(201);
    expect((await snap(officer, droneId, ownCase, await jpeg())).status).toBe(201);
    expect((await snap(officer, droneId, caseId, await jpeg())).status).toBe(403);
    // A pilot of the case flying another drone, and a pilot of no case.
    const other = await pilot();
    const { id: otherDrone } = await insertDrone(h.database);
    await call(h, 'POST', `/api/v1/cases/${caseId}/drones`, { cookie: other.cookie, body: { droneId: otherDrone } });
    expect((await snap(other.cookie, droneId, caseId, await jpeg())).status).toBe(403);
    expect((await snap((await pilot()).cookie, droneId, caseId, await jpeg())).status).toBe(403);
    expect((await snap(await sessionFor(h, 'liaison'), droneId, caseId, await jpeg())).status).toBe(403);
    // A drone not attached to the case.
    const { id: loose } = await insertDrone(h.database);
    expect((await snap(commander, loose, caseId, await jpeg())).status).toBe(409);
  });

  it('refuses a non-image body (415) and an oversize one (413), counted', async () => {
    const { p, caseId, droneId } = await flying();
    const type = await counter('lookout_http_rejected_total', 'content_type');
    const large = await counter('lookout_video_refused_total', 'photo_too_large');
    const notImage = await counter('lookout_video_refused_total', 'not_image');
    expect((await snap(p.cookie, droneId, caseId, Buffer.from('hello'), 'text/plain')).status).toBe(415);
    expect((await snap(p.cookie, droneId, caseId, Buffer.alloc(200_001, 1))).status).toBe(413);
    expect((await snap(p.cookie, droneId, caseId, Buffer.from('not a jpeg at all'))).status).toBe(400);
    expect(await counter('lookout_http_rejected_total', 'content_type')).toBe(type + 1);
    expect(await counter('lookout_video_refused_total', 'photo_too_large')).toBe(large + 1);
    expect(await counter('lookout_video_refused_total', 'not_image')).toBe(notImage + 1);
  });
});
