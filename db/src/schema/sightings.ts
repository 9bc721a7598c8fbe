import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  geometry,
  index,
  integer,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from './columns.ts';
import { drones } from './drones.ts';
import { sightingKinds, sightingStatuses } from '@lookout/contracts';

export { sightingKinds, sightingStatuses, type SightingStatus } from '@lookout/contracts';

export const sightings = pgTable(
  'sightings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** Position in the live feed; taken anew on every status change so resuming clients see it. */
    liveSeq: bigint('live_seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('live_seq')`),
    droneId: text('drone_id')
      .notNull()
      .references(() => drones.id),
    readingId: uuid('reading_id').notNull(),
    t: timestamp('t', { withTimezone: true }).notNull(),
    geom: geometry('geom', { type: 'point', mode: 'xy', srid: 4326 }).notNull(),
    uncM: real('unc_m'),
    conf: real('conf'),
    kind: text('kind', { enum: sightingKinds }).notNull().default('person'),
    count: integer('count'),
    note: text('note'),
    photo: bytea('photo'),
    status: text('status', { enum: sightingStatuses }).notNull().default('new'),
    statusBy: uuid('status_by'),
    statusAt: timestamp('status_at', { withTimezone: true }),
    caseId: uuid('case_id'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sightings_drone_reading_uq').on(t.droneId, t.readingId),
    // "Sightings near this caller fix" for matching.
    index('sightings_geom_idx').using('gist', t.geom),
    index('sightings_t_idx').on(t.t),
    // Resume of the live feed after a seq.
    index('sightings_live_seq_idx').on(t.liveSeq),
    check('sightings_status_check', sql`${t.status} in ('new','confirmed','dismissed')`),
  ],
);
