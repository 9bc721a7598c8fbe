import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startHarness, type Harness } from '../../testing/harness.ts';
import { createUsersRepo } from '../../users/users.repo.ts';
import { createUsersService } from '../../users/users.service.ts';
import { DEMO_FOUND_TITLE, startFoundChildScenario } from './found-child-scenario.ts';

/** The found-child demo seeds groups and one active alert with tips, once, however often it is started. */
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { PUBLIC_URL: 'http://demo.lookout.test' } });
  await createUsersService(createUsersRepo(h.database)).seed({ adminPassword: 'admin-password-1', demo: true });
  // A real test database outlives the run: an earlier run's demo alert (widened since by other tests' clocks)
  // must not count here.
  await h.database.query(
    `update alerts set blurred_at = now() where blurred_at is null and case_id in (select id from cases where title = $1)`,
    [DEMO_FOUND_TITLE],
  );
});
afterAll(async () => h.close());

const start = () =>
  startFoundChildScenario({
    database: h.database,
    tadpole: h.server.services.tadpole,
    baseUrl: h.base,
    log: pino({ level: 'silent' }),
  });

describe('found-child demo', () => {
  it('leaves one active found-child alert with a photo, deliveries and tips, also after a restart', async () => {
    await start().done;
    await start().done;
    const rows = await h.database.query<{ id: string; status: string; kind: string }>(
      `select a.id, a.status, a.kind from alerts a join cases c on c.id = a.case_id
        where c.title = $1 and a.blurred_at is null`,
      [DEMO_FOUND_TITLE],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'active', kind: 'found_child' });
    const id = rows[0]!.id;
    const [counts] = await h.database.query<{ tips: number; useful: number; deliveries: number; photos: number }>(
      `select (select count(*) from tips where alert_id = $1) as tips,
              (select count(*) from tips where alert_id = $1 and useful) as useful,
              (select count(*) from deliveries where alert_id = $1) as deliveries,
              (select count(*) from photos where alert_id = $1) as photos`,
      [id],
    );
    expect(Number(counts!.tips)).toBe(2);
    expect(Number(counts!.useful)).toBe(1);
    expect(Number(counts!.photos)).toBe(1);
    // Found 20 min ago: 700 m + 20 × 25 m = 1.2 km reaches the two 网格 groups, the SMS roster and the 西城 group
    // (its edge ~1 km away); 东城, 5 km off, waits for the widening.
    expect(Number(counts!.deliveries)).toBe(4);
    const names = await h.database.query<{ name: string }>(
      `select distinct g.name from deliveries d join community_groups g on g.id = d.group_id where d.alert_id = $1`,
      [id],
    );
    expect(names.map((n) => n.name)).not.toContain('东城街道网格群');
  });
});
