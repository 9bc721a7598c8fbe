import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../auth/auth.repo.ts';
import { call, freshSpot, insertSightingAt, openCase } from '../testing/case-factories.ts';
import { createTestUser, insertDrone, login, sessionFor, startHarness, type Harness } from '../testing/harness.ts';

/** The case scope of reads holds for writes: caller locations, location links, revokes, dispatch, matches. */
let h: Harness;
let commander: Person;
beforeAll(async () => {
  h = await startHarness();
  commander = await person('commander');
});
afterAll(async () => {
  await h?.close();
});

interface Person {
  cookie: string;
  user: SessionUser;
}

async function person(role: 'officer' | 'commander'): Promise<Person> {
  const u = await createTestUser(h.database, role);
  const cookie = await login(h.base, u.username, u.password);
  const me = await call(h, 'GET', '/api/v1/auth/me', { cookie });
  return { cookie, user: me.body.user as SessionUser };
}

/** An officer with his unit (made on demand by GET /me/assignment). */
async function officer(): Promise<Person & { unitId: string }> {
  const p = await person('officer');
  const me = await call(h, 'GET', '/api/v1/me/assignment', { cookie: p.cookie });
  return { ...p, unitId: me.body.unit.id as string };
}

const addLocation = (cookie: string, caseId: string) =>
  call(h, 'POST', `/api/v1/cases/${caseId}/caller-locations`, {
    cookie,
    body: { lon: 120.071, lat: 28.951, datum: 'wgs84', accuracyM: 30, idempotencyKey: randomUUID() },
  });
const addLink = (cookie: string, caseId: string) =>
  call(h, 'POST', `/api/v1/cases/${caseId}/location-links`, { cookie, body: { phone: '13800005678' } });
const revoke = (cookie: string, linkId: string) =>
  call(h, 'POST', `/api/v1/location-links/${linkId}/revoke`, { cookie });

async function link(cookie: string, caseId: string): Promise<{ id: string; token: string }> {
  const res = await addLink(cookie, caseId);
  expect(res.status).toBe(201);
  return { id: res.body.id as string, token: (res.body.url as string).split('/l/')[1]! };
}

/** What a write could have changed on these cases. */
async function footprint(caseIds: string[]) {
  const [row] = await h.database.query<Record<string, unknown>>(
    `select (select count(*) from caller_locations where case_id = any($1::uuid[])) as locations,
            (select count(*) from location_links where case_id = any($1::uuid[])) as links,
            (select count(*) from location_links where case_id = any($1::uuid[]) and revoked_at is not null) as revoked,
            (select count(*) from assignments where case_id = any($1::uuid[])) as assignments,
            (select count(*) from case_events where case_id = any($1::uuid[])) as events`,
    [caseIds],
  );
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

const locate = (token: string) =>
  call(h, 'POST', `/api/v1/public/locate/${token}`, {
    body: { lat: 28.952, lon: 120.072, accuracy: 20, t: new Date().toISOString(), idempotencyKey: randomUUID() },
  });

describe('officers write only where they may read', () => {
  it("a second officer gets 403 on another officer's case and on a commander's case, and nothing changes", async () => {
    const owner = await officer();
    const second = await officer();
    const officersCase = await openCase(h, owner.cookie);
    const commandersCase = await openCase(h, commander.cookie);
    const ownersLink = await link(owner.cookie, officersCase);
    const commandersLink = await link(commander.cookie, commandersCase);
    const before = await footprint([officersCase, commandersCase]);

    for (const caseId of [officersCase, commandersCase]) {
      expect((await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie: second.cookie })).status).toBe(403);
      const location = await addLocation(second.cookie, caseId);
      expect(location.status).toBe(403);
      expect(location.body.error).toMatchObject({ code: 'forbidden' });
      expect((await addLink(second.cookie, caseId)).status).toBe(403);
    }
    for (const l of [ownersLink, commandersLink]) {
      const res = await revoke(second.cookie, l.id);
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'forbidden' });
    }

    expect(await footprint([officersCase, commandersCase])).toEqual(before);
    // The callers' links still work.
    expect((await locate(ownersLink.token)).status).toBe(201);
    expect((await locate(commandersLink.token)).status).toBe(201);
  });

  it('the owner officer, an assigned officer and a commander still write', async () => {
    const owner = await officer();
    const assigned = await officer();
    const officersCase = await openCase(h, owner.cookie);
    const commandersCase = await openCase(h, commander.cookie);
    const dispatched = await call(h, 'POST', `/api/v1/cases/${commandersCase}/assignments`, {
      cookie: commander.cookie,
      body: { unitId: assigned.unitId, target: { kind: 'point', lon: 120.07, lat: 28.95, datum: 'wgs84' } },
    });
    expect(dispatched.status).toBe(201);

    for (const [who, caseId, othersLink] of [
      [owner, officersCase, await link(commander.cookie, officersCase)],
      [assigned, commandersCase, await link(commander.cookie, commandersCase)],
      [commander, officersCase, await link(owner.cookie, officersCase)],
    ] as const) {
      expect((await addLocation(who.cookie, caseId)).status).toBe(201);
      const own = await link(who.cookie, caseId);
      expect((await revoke(who.cookie, own.id)).status).toBe(200);
      expect((await revoke(who.cookie, othersLink.id)).status).toBe(200);
      expect((await locate(othersLink.token)).status).toBe(410);
    }
  });

  it('dispatch and match confirmation use the same scope in the service (their routes are for command only)', async () => {
    const { assignments, matching } = h.server.services.caseServices;
    const second = await officer();
    const commandersCase = await openCase(h, commander.cookie);

    await expect(
      assignments.create(
        commandersCase,
        { unitId: second.unitId, target: { kind: 'point', lon: 120.07, lat: 28.95, datum: 'wgs84' } },
        second.user,
      ),
    ).rejects.toMatchObject({ code: 'forbidden' });
    expect((await footprint([commandersCase])).assignments).toBe(0);

    // A sighting and a caller location at one spot: the location's matching pairs them.
    const spot = freshSpot();
    const drone = await insertDrone(h.database);
    await insertSightingAt(h.database, drone.id, spot, { doorbell: false });
    const added = await call(h, 'POST', `/api/v1/cases/${commandersCase}/caller-locations`, {
      cookie: commander.cookie,
      body: { ...spot, datum: 'wgs84', accuracyM: 20 },
    });
    expect(added.status).toBe(201);
    const matches = await call(h, 'GET', `/api/v1/cases/${commandersCase}/matches`, { cookie: commander.cookie });
    const matchId = Number(matches.body.matches[0].id);

    await expect(matching.confirm(matchId, second.user)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await matching.views([matchId]))[0]!.status).toBe('proposed');
    const confirmed = await call(h, 'POST', `/api/v1/matches/${matchId}/confirm`, { cookie: commander.cookie });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.match.status).toBe('confirmed');
  });

  it('an officer moves only his own unit on a case, and not another unit on his own case', async () => {
    const owner = await officer();
    const assigned = await officer();
    const officersCase = await openCase(h, owner.cookie);
    const dispatched = await call(h, 'POST', `/api/v1/cases/${officersCase}/assignments`, {
      cookie: commander.cookie,
      body: { unitId: assigned.unitId, target: { kind: 'point', lon: 120.07, lat: 28.95, datum: 'wgs84' } },
    });
    const status = (cookie: string) =>
      call(h, 'POST', `/api/v1/assignments/${dispatched.body.id}/status`, {
        cookie,
        body: { status: 'en_route', idempotencyKey: randomUUID() },
      });
    expect((await status((await officer()).cookie)).status).toBe(403);
    expect((await status(owner.cookie)).status).toBe(403);
    expect((await status(assigned.cookie)).status).toBe(200);
  });

  it('404 for an unknown case or link, before any scope question', async () => {
    const someone = await sessionFor(h, 'officer');
    expect((await addLocation(someone, randomUUID())).status).toBe(404);
    expect((await addLink(someone, randomUUID())).status).toBe(404);
    expect((await revoke(someone, randomUUID())).status).toBe(404);
  });
});
