import type { Database } from '@lookout/db';

/** The few lookups the demo needs to be restart-safe. */
export function createFoundChildDemoRepo(database: Database) {
  return {
    async groupNames(): Promise<Set<string>> {
      const rows = await database.query<{ name: string }>('select name from community_groups');
      return new Set(rows.map((r) => r.name));
    },
    /** The demo alert still open (not retracted), by its case title. */
    async openAlertId(title: string): Promise<string | null> {
      const [row] = await database.query<{ id: string }>(
        `select a.id from alerts a join cases c on c.id = a.case_id
          where c.title = $1 and a.blurred_at is null order by a.created_at desc limit 1`,
        [title],
      );
      return row ? String(row.id) : null;
    },
  };
}
