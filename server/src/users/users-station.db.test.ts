import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestUser, login, sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { call, openCase } from '../testing/case-factories.ts';
import { createAlert, lonelySpot } from '../tadpole/testing/tadpole-fixtures.ts';

let h: Harness;
let admin: string;
beforeAll(async () => {
  h = await startHarness();
  admin = await sessionFor(h, 'admin');
});
afterAll(async () => {
  await h?.close();
});

describe('PUT /users/:id/station', () => {
  it('sets the station of the cases a user opens; null gives him back to the home station', async () => {
    const station = `城西派出所-${randomUUID().slice(0, 6)}`;
    const u = await createTestUser(h.database, 'commander');
    const list = await call(h, 'GET', '/api/v1/users', { cookie: admin });
    const id = (list.body.users as { id: string; username: string }[]).find((x) => x.username === u.username)!.id;
    const set = await call(h, 'PUT', `/api/v1/users/${id}/station`, {
      cookie: admin,
      body: { station: ` ${station} ` },
    });
    expect(set.status).toBe(200);
    expect(set.body.user).toMatchObject({ id, station });

    const cookie = await login(h.base, u.username, u.password);
    const caseId = await openCase(h, cookie);
    const [row] = await h.database.query<{ station: string | null }>(`select station from cases where id = $1`, [
      caseId,
    ]);
    expect(row!.station).toBe(station);

    const reset = await call(h, 'PUT', `/api/v1/users/${id}/station`, { cookie: admin, body: { station: null } });
    expect(reset.body.user.station).toBeNull();
    const next = await openCase(h, cookie);
    const [r2] = await h.database.query<{ station: string | null }>(`select station from cases where id = $1`, [next]);
    expect(r2!.station).toBeNull();
    // The first case keeps the station it was opened at.
    const [r1] = await h.database.query<{ station: string | null }>(`select station from cases where id = $1`, [
      caseId,
    ]);
    expect(r1!.station).toBe(station);
  });

  it('gives a tadpole alert’s case the station of the liaison who created it', async () => {
    const station = `城北派出所-${randomUUID().slice(0, 6)}`;
    const u = await createTestUser(h.database, 'liaison');
    const [row] = await h.database.query<{ id: string }>(`select id from users where username = $1`, [u.username]);
    const set = await call(h, 'PUT', `/api/v1/users/${row!.id}/station`, { cookie: admin, body: { station } });
    expect(set.status).toBe(200);
    const alert = await createAlert(h, await login(h.base, u.username, u.password), lonelySpot());
    const [c] = await h.database.query<{ station: string | null }>(`select station from cases where id = $1`, [
      alert.caseId,
    ]);
    expect(c!.station).toBe(station);
  });

  it('refuses a blank or too long station, an unknown user and other roles', async () => {
    const u = await createTestUser(h.database, 'officer');
    const [row] = await h.database.query<{ id: string }>(`select id from users where username = $1`, [u.username]);
    const path = `/api/v1/users/${row!.id}/station`;
    for (const station of ['', '   ', 'x'.repeat(65), 42]) {
      expect((await call(h, 'PUT', path, { cookie: admin, body: { station } })).status, String(station)).toBe(400);
    }
    expect((await call(h, 'PUT', path, { cookie: admin, body: {} })).status).toBe(400);
    const unknown = `/api/v1/users/${randomUUID()}/station`;
    expect((await call(h, 'PUT', unknown, { cookie: admin, body: { station: 'x' } })).status).toBe(404);
    const commander = await sessionFor(h, 'commander');
    expect((await call(h, 'PUT', path, { cookie: commander, body: { station: 'x' } })).status).toBe(403);
  });
});
