import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, IPP, openCase } from '../testing/case-factories.ts';
import { createTestUser, insertDrone, login, sessionFor, startHarness, type Harness } from '../testing/harness.ts';

/** Issue 14 item 4: the case log between command and field. */
let h: Harness;
let commander: string;
beforeAll(async () => {
  h = await startHarness({ env: { PHOTO_MAX_BYTES: '200000' } });
  commander = await sessionFor(h, 'commander');
});
afterAll(async () => {
  await h?.close();
});

const post = (cookie: string, caseId: string, body: Record<string, unknown>) =>
  call(h, 'POST', `/api/v1/cases/${caseId}/messages`, { cookie, body });
const list = (cookie: string, caseId: string) => call(h, 'GET', `/api/v1/cases/${caseId}/messages`, { cookie });
const msg = (extra: Record<string, unknown> = {}) => ({
  body: '北坡有信号，向溪边搜',
  idempotencyKey: randomUUID(),
  ...extra,
});

async function userCookie(role: 'officer' | 'pilot') {
  const u = await createTestUser(h.database, role);
  const cookie = await login(h.base, u.username, u.password);
  const id = (await call(h, 'GET', '/api/v1/auth/me', { cookie })).body.user.id as string;
  return { cookie, id };
}

/** An officer whose unit is sent to the case, and a pilot flying for it. */
async function crew(caseId: string) {
  const officer = await userCookie('officer');
  const unitId = (await call(h, 'GET', '/api/v1/me/assignment', { cookie: officer.cookie })).body.unit.id as string;
  const sent = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
    cookie: commander,
    body: { unitId, target: { kind: 'point', lon: IPP.lon, lat: IPP.lat, datum: 'wgs84' } },
  });
  expect(sent.status).toBe(201);
  const pilot = await userCookie('pilot');
  const drone = await insertDrone(h.database);
  expect(
    (await call(h, 'POST', `/api/v1/cases/${caseId}/drones`, { cookie: pilot.cookie, body: { droneId: drone.id } }))
      .status,
  ).toBe(201);
  return { officer, pilot };
}

const jpeg = () =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: '#1565c0' } })
    .jpeg()
    .toBuffer();
const putPhoto = (cookie: string, caseId: string, id: number, bytes: Buffer) =>
  fetch(`${h.base}/api/v1/cases/${caseId}/messages/${id}/photo`, {
    method: 'PUT',
    headers: { cookie, 'content-type': 'image/jpeg' },
    body: new Uint8Array(bytes),
  });

describe('the case log', () => {
  it('carries messages between commander, officer and pilot, each a `case_message` step, stored once per key', async () => {
    const caseId = await openCase(h, commander);
    const { officer, pilot } = await crew(caseId);
    const first = msg();
    const a = await post(commander, caseId, first);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ caseId, body: first.body, pin: null, hasPhoto: false, authorRoles: ['commander'] });
    expect((await post(commander, caseId, first)).status).toBe(200); // a resend from an offline queue
    const b = await post(officer.cookie, caseId, msg({ body: '收到，已到溪边' }));
    expect(b.status).toBe(201);
    const c = await post(
      pilot.cookie,
      caseId,
      msg({ body: undefined, pin: { lon: 120.0745, lat: 28.9474, datum: 'gcj02' } }),
    );
    expect(c.status).toBe(201);
    expect(Math.abs(c.body.pin.lon - 120.0745)).toBeGreaterThan(0.001); // stored WGS-84
    for (const cookie of [commander, officer.cookie, pilot.cookie]) {
      const got = await list(cookie, caseId);
      expect(got.status).toBe(200);
      expect(got.body.messages.map((m: { authorId: string }) => m.authorId)).toEqual([
        a.body.authorId,
        officer.id,
        pilot.id,
      ]);
    }
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: commander });
    const steps = detail.body.events.filter((e: { type: string }) => e.type === 'case_message');
    expect(steps).toHaveLength(3);
    // The live feed sends case steps widely: the step names the message, never its text.
    expect(JSON.stringify(steps)).not.toContain('溪边');
  });

  it('keeps the log to those on the case (403), refuses a closed case (409) and an unknown one (404)', async () => {
    const caseId = await openCase(h, commander);
    await crew(caseId);
    const outsiders = [await userCookie('officer'), await userCookie('pilot')];
    for (const o of outsiders) {
      expect((await post(o.cookie, caseId, msg())).status).toBe(403);
      expect((await list(o.cookie, caseId)).status).toBe(403);
    }
    const liaison = await sessionFor(h, 'liaison');
    expect((await post(liaison, caseId, msg())).status).toBe(403);
    expect((await list('', caseId)).status).toBe(401);
    expect((await post(commander, randomUUID(), msg())).status).toBe(404);
    await call(h, 'POST', `/api/v1/cases/${caseId}/close`, { cookie: commander, body: { outcome: 'found_safe' } });
    expect((await post(commander, caseId, msg())).status).toBe(409);
    expect((await list(commander, caseId)).status).toBe(200);
  });

  it.each([
    ['an empty message', { body: undefined }],
    ['blank text', { body: '   ' }],
    ['text too long', { body: '字'.repeat(1001) }],
    ['a pin without datum', { pin: { lon: 120, lat: 28 } }],
    ['an impossible pin', { pin: { lon: 120, lat: 91, datum: 'wgs84' } }],
    ['no key', { idempotencyKey: undefined }],
    ['a number for text', { body: 42 }],
    ['a NUL in the text', { body: 'a\u0000b' }],
  ])('answers 400 for %s', async (_name, extra) => {
    const caseId = await openCase(h, commander);
    expect((await post(commander, caseId, msg(extra))).status).toBe(400);
  });

  it('takes a photo from the author once; others get 403, a second 409, a non-image 400, an oversize one 413', async () => {
    const caseId = await openCase(h, commander);
    const { officer } = await crew(caseId);
    const m = await post(officer.cookie, caseId, msg({ body: undefined, photo: true }));
    expect(m.status).toBe(201);
    const id = m.body.id as number;
    expect((await putPhoto(commander, caseId, id, await jpeg())).status).toBe(403);
    expect((await putPhoto(officer.cookie, caseId, id, Buffer.from('nope'))).status).toBe(400);
    expect((await putPhoto(officer.cookie, caseId, id, Buffer.alloc(200_001, 7))).status).toBe(413);
    expect((await putPhoto(officer.cookie, caseId, id, await jpeg())).status).toBe(201);
    expect((await putPhoto(officer.cookie, caseId, id, await jpeg())).status).toBe(409);
    const photo = await fetch(`${h.base}/api/v1/cases/${caseId}/messages/${id}/photo`, {
      headers: { cookie: commander },
    });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toContain('image/jpeg');
    const other = await openCase(h, commander);
    expect(
      (await fetch(`${h.base}/api/v1/cases/${other}/messages/${id}/photo`, { headers: { cookie: commander } })).status,
    ).toBe(404);
  });
});
