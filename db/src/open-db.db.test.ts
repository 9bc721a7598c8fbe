import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { openTestDatabase } from './testing/index.ts';
import type { Database } from './open-db.ts';

describe('openDb on the test target', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('has PostGIS and measures metres on the WGS-84 ellipsoid', async () => {
    const [row] = await database.query<{ m: number }>(
      `select ST_Distance(ST_SetSRID(ST_MakePoint(120.07, 28.95),4326)::geography,
                          ST_SetSRID(ST_MakePoint(120.08, 28.95),4326)::geography) as m`,
    );
    // 0.01° of longitude at 28.95° N is about 975 m.
    expect(row!.m).toBeGreaterThan(970);
    expect(row!.m).toBeLessThan(980);
  });

  it('returns bigint ids as numbers on both drivers', async () => {
    const [row] = await database.query<{ s: unknown }>(`select nextval('live_seq') as s`);
    expect(typeof row!.s).toBe('number');
  });

  it('rings the live doorbell only after commit', async () => {
    const channel = `t_${randomUUID().replaceAll('-', '')}`;
    const got: string[] = [];
    const stop = await database.listen(channel, (p) => got.push(p));
    await database.notify(channel, 'ding');
    await expect.poll(() => got).toEqual(['ding']);
    await stop();
  });
});
