import type { Role } from '@lookout/db';
import { createTestUser, login, type Harness } from '../../../testing/harness.ts';

/** A fresh signed-in user of `role`: his id (to name him on a group), username and session cookie. */
export async function personFor(h: Harness, role: Role): Promise<{ id: string; username: string; cookie: string }> {
  const u = await createTestUser(h.database, role);
  const cookie = await login(h.base, u.username, u.password);
  const [row] = await h.database.query<{ id: string }>('select id from users where username = $1', [u.username]);
  return { id: row!.id, username: u.username, cookie };
}
