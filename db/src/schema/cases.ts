import { sql } from 'drizzle-orm';
import {
  bigint,
  geometry,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './users.ts';
import { caseKinds, caseStatuses, subjectCategories } from '@lookout/contracts';

export { caseKinds, type CaseKind, subjectCategories, type SubjectCategory } from '@lookout/contracts';

export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: caseKinds }).notNull(),
    status: text('status', { enum: caseStatuses }).notNull().default('open'),
    title: text('title').notNull(),
    description: text('description'),
    ipp: geometry('ipp', { type: 'point', mode: 'xy', srid: 4326 }),
    reporterPhone: text('reporter_phone'),
    subjectCount: integer('subject_count'),
    subjectCategory: text('subject_category', { enum: subjectCategories }),
    terrain: text('terrain'),
    /** The sighting a commander confirmed as where the person is (a confirmed match). */
    targetSightingId: bigint('target_sighting_id', { mode: 'number' }),
    createdBy: uuid('created_by').references(() => users.id),
    /** The station of the user who opened the case, copied at insert; null = the home station (STATION_NAME). */
    station: text('station'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('cases_open_idx').on(t.status, t.createdAt), index('cases_station_idx').on(t.station, t.createdAt)],
);

/** Append-only: the timeline, the clocks, the audit trail and the live feed are read from it. */
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
    /** Set by uplinks from phones (status buttons) so a retry never records a step twice. */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    index('case_events_case_idx').on(t.caseId, t.at),
    uniqueIndex('case_events_idem_uq').on(t.caseId, t.idempotencyKey),
  ],
);
