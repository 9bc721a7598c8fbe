import type { Harness } from '../../testing/harness.ts';

/**
 * A shared real database holds other files' and earlier runs' fixes and positions: move the coverage worker's
 * cursors past them, so a test's worker counts only what the test adds.
 */
export async function coverageFromNow(database: Harness['database']): Promise<void> {
  await database.query(
    `update coverage_cursors set last_id = greatest(last_id, (select coalesce(max(id), 0) from fixes))
      where source = 'fixes'`,
  );
  await database.query(
    `update coverage_cursors set last_id = greatest(last_id, (select coalesce(max(id), 0) from unit_positions))
      where source = 'walk'`,
  );
}
