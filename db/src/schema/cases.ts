import { sql } from 'drizzle-orm';
import { bigint, geometry, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.ts';

export const caseKinds = ['lost_person', 'lost_child', 'found_child'] as const;
export type CaseKind = (typeof caseKinds)[number];

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: caseKinds }).notNull(),
    status: text('status', { enum: ['open', 'closed'] })
      .notNull()
      .default('open'),
    title: text('title').notNull(),
    description: text('description'),
    ipp: geometry('ipp', { type: 'point', mode: 'xy', srid: 4326 }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('cases_open_idx').on(t.status, t.createdAt)],
);

/** Append-only: the timeline, the clocks, the audit trail and the live feed are read from it (DESIGN §1). */
export const caseEvents = pgTable(
  'case_events',
  {
    seq: bigint('seq', { mode: 'number' })
      .primaryKey()
      .default(sql`nextval('live_seq')`),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id').references(() => users.id),
    data: jsonb('data').notNull().default({}),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.at)],
);
