import { sql } from 'drizzle-orm';
import { bigint, check, geometry, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';
import { bytea } from './columns.ts';
import { users } from './users.ts';

/**
 * The case log: messages between command and field (text, a photo, a map pin). Each is also a `case_message` step in
 * `case_events`, so the timeline, the live socket, the replay and the exports carry it.
 */
export const caseMessages = pgTable(
  'case_messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    /** Made once by the sending phone, so a message queued offline and sent twice is stored once. */
    clientKey: text('client_key').notNull(),
    body: text('body'),
    pin: geometry('pin', { type: 'point', mode: 'xy', srid: 4326 }),
    photo: bytea('photo'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('case_messages_key_uq').on(t.caseId, t.authorId, t.clientKey),
    index('case_messages_case_idx').on(t.caseId, t.id),
    check('case_messages_body_check', sql`${t.body} is null or length(${t.body}) between 1 and 1000`),
  ],
);
