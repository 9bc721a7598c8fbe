import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testing/case-factories.ts';
import { createTestUser, login, sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { createAlert, lonelySpot } from '../testing/tadpole-fixtures.ts';

/** A public card's contact phone changed by another liaison: allowed, and recorded (who, old → new, masked). */
let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const userId = async (username: string) =>
  (await h.database.query<{ id: string }>('select id from users where username = $1', [username]))[0]!.id;

async function phoneAudit(alertId: string) {
  return h.database.query<{ actor_id: string; remote_addr: string | null; detail: Record<string, unknown> }>(
    `select actor_id, remote_addr, detail from audit_log
      where action = 'contact_phone_changed' and target_type = 'alert' and target_id = $1 order by id`,
    [alertId],
  );
}

describe("a card's contact phone", () => {
  it('changed by a second liaison: in the audit log and on the timeline, masked, with who did it', async () => {
    const creator = await createTestUser(h.database, 'liaison');
    const second = await createTestUser(h.database, 'liaison');
    const creatorCookie = await login(h.base, creator.username, creator.password);
    const secondCookie = await login(h.base, second.username, second.password);
    const a = await createAlert(h, creatorCookie, lonelySpot());

    const res = await call(h, 'PATCH', `/api/v1/tadpole/alerts/${a.id}`, {
      cookie: secondCookie,
      body: { contactPhone: '138 1234 5678' },
    });
    expect(res.status).toBe(200);
    expect(res.body.alert.contactPhone).toBe('13812345678');

    const secondId = await userId(second.username);
    const audit = await phoneAudit(a.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: secondId,
      detail: {
        field: 'contactPhone',
        from: '057****4321',
        to: '138****5678',
        roles: ['liaison'],
        alertCreatedBy: await userId(creator.username),
        ownAlert: false,
      },
    });
    expect(audit[0]!.remote_addr).toBeTruthy();

    const detail = await call(h, 'GET', `/api/v1/cases/${a.caseId}`, { cookie: await sessionFor(h, 'commander') });
    expect(detail.status).toBe(200);
    const changed = (
      detail.body.events as { type: string; actorId: string | null; data: Record<string, unknown> }[]
    ).filter((e) => e.type === 'contact_phone_changed');
    expect(changed).toEqual([
      expect.objectContaining({
        actorId: secondId,
        data: { alertId: a.id, field: 'contactPhone', from: '057****4321', to: '138****5678', ownAlert: false },
      }),
    ]);
    // Neither record spells a number out.
    expect(JSON.stringify([audit, changed])).not.toMatch(/13812345678|87654321/);
    // Four accounts (password hashing) and a tadpole case: slow on a busy two-core machine.
  }, 180_000);

  it('the same number again, or another field, adds no phone record; the creator changing it is marked as his', async () => {
    const creator = await sessionFor(h, 'liaison');
    const a = await createAlert(h, creator, lonelySpot());
    const patch = (body: unknown) => call(h, 'PATCH', `/api/v1/tadpole/alerts/${a.id}`, { cookie: creator, body });
    expect((await patch({ contactPhone: '0579-87654321', clothing: '红色外套' })).status).toBe(200);
    expect((await patch({ clothing: '红色外套，白鞋' })).status).toBe(200);
    expect(await phoneAudit(a.id)).toHaveLength(0);

    expect((await patch({ contactPhone: '13900001111' })).status).toBe(200);
    const audit = await phoneAudit(a.id);
    expect(audit.map((r) => r.detail)).toEqual([
      expect.objectContaining({ from: '057****4321', to: '139****1111', ownAlert: true }),
    ]);
  });
});
