import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testing/case-factories.ts';
import { createTestUser, login, sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { createAlert, lonelySpot } from '../testing/tadpole-fixtures.ts';

/** The case file tier: who may read it, and that every read (and refusal) is in the audit log. */
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

async function audit(alertId: string) {
  return h.database.query<{ action: string; actor_id: string }>(
    `select action, actor_id from audit_log where target_type = 'alert_case_file' and target_id = $1 order by id`,
    [alertId],
  );
}

const userId = async (username: string) =>
  (await h.database.query<{ id: string }>('select id from users where username = $1', [username]))[0]!.id;

describe('case file', () => {
  it('refuses another liaison (403, audited) and lets a commander read it (audited)', async () => {
    const creator = await sessionFor(h, 'liaison');
    const other = await createTestUser(h.database, 'liaison');
    const boss = await createTestUser(h.database, 'commander');
    const otherCookie = await login(h.base, other.username, other.password);
    const bossCookie = await login(h.base, boss.username, boss.password);
    const a = await createAlert(h, creator, lonelySpot());

    const denied = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/case-file`, { cookie: otherCookie });
    expect(denied.status).toBe(403);
    expect(JSON.stringify(denied.body)).not.toContain('小明');

    const read = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/case-file`, { cookie: bossCookie });
    expect(read.status).toBe(200);
    expect(read.body.caseFile.data.childName).toBe('小明');
    expect(read.body.caseFile.lawfulBasis).toBe('vital_interest');

    expect(await audit(a.id)).toEqual([
      { action: 'case_file_read_denied', actor_id: await userId(other.username) },
      { action: 'case_file_read', actor_id: await userId(boss.username) },
    ]);
  });

  it('lets the creating liaison read and amend it; no officer may, not even one who opened the alert', async () => {
    const creator = await sessionFor(h, 'liaison');
    const officer = await sessionFor(h, 'officer');
    const a = await createAlert(h, creator, lonelySpot());
    expect((await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/case-file`, { cookie: creator })).status).toBe(200);
    expect((await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/case-file`, { cookie: officer })).status).toBe(403);
    // Not even the officer who opened an alert himself.
    const own = await createAlert(h, officer, lonelySpot());
    expect((await call(h, 'GET', `/api/v1/tadpole/alerts/${own.id}/case-file`, { cookie: officer })).status).toBe(403);
    const patched = await call(h, 'PATCH', `/api/v1/tadpole/alerts/${a.id}/case-file`, {
      cookie: creator,
      body: { data: { school: '花川幼儿园' }, guardianConsent: true },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.caseFile.data).toMatchObject({ childName: '小明', school: '花川幼儿园' });
    expect(patched.body.caseFile.guardianConsent).toBe(true);
    // The officer is refused by the permission table before the service (counted in lookout_access_denied_total).
    expect((await audit(a.id)).map((r) => r.action)).toEqual(['case_file_read', 'case_file_write']);
  });

  it('keeps pilots out of the tadpole routes', async () => {
    const pilot = await sessionFor(h, 'pilot');
    expect((await call(h, 'GET', '/api/v1/tadpole/alerts', { cookie: pilot })).status).toBe(403);
  });

  it('refuses a create with an unreadable seenAt (400)', async () => {
    const creator = await sessionFor(h, 'liaison');
    const res = await call(h, 'POST', '/api/v1/tadpole/alerts', {
      cookie: creator,
      body: {
        kind: 'found_child',
        ageBand: 'child_1_3',
        point: { lon: 120, lat: 28, datum: 'wgs84' },
        seenAt: 'yesterday',
        contactPhone: '110',
      },
    });
    expect(res.status).toBe(400);
  });
});
