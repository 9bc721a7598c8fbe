import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  geometry,
  index,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';
import { users } from './users.ts';
import { callerLocationSources, datums, matchStatuses } from '@lookout/contracts';

export {
  callerLocationSources,
  type CallerLocationSource,
  datums,
  type Datum,
  matchStatuses,
} from '@lookout/contracts';

/** A single-case location link sent to the caller by SMS; the URL carries a token, the table its SHA-256. */
export const locationLinks = pgTable(
  'location_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    phone: text('phone').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    firstOpenedAt: timestamp('first_opened_at', { withTimezone: true }),
    postCount: integer('post_count').notNull().default(0),
  },
  (t) => [index('location_links_case_idx').on(t.caseId)],
);

export const callerLocations = pgTable(
  'caller_locations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    liveSeq: bigint('live_seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('live_seq')`),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    source: text('source', { enum: callerLocationSources }).notNull(),
    /** The datum the point arrived in, and the point as received, before conversion to WGS-84. */
    datumReceived: text('datum_received', { enum: datums }).notNull(),
    lonReceived: doublePrecision('lon_received').notNull(),
    latReceived: doublePrecision('lat_received').notNull(),
    geom: geometry('geom', { type: 'point', mode: 'xy', srid: 4326 }).notNull(),
    accuracyM: real('accuracy_m').notNull(),
    t: timestamp('t', { withTimezone: true }).notNull(),
    battery: real('battery'),
    linkId: uuid('link_id').references(() => locationLinks.id),
    /** What staff typed or pasted, kept for the record. */
    rawInput: text('raw_input'),
    idempotencyKey: text('idempotency_key'),
    createdBy: uuid('created_by').references(() => users.id),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A phone retrying on a bad network sends the same key: the second post is a no-op.
    uniqueIndex('caller_locations_idem_uq').on(t.caseId, t.idempotencyKey),
    index('caller_locations_case_t_idx').on(t.caseId, t.t),
    index('caller_locations_geom_idx').using('gist', t.geom),
    // The live feed reads rows above a seq.
    index('caller_locations_live_seq_idx').on(t.liveSeq),
    check('caller_locations_accuracy_check', sql`${t.accuracyM} > 0 and ${t.accuracyM} <= 50000`),
  ],
);

/** A scored (caller location, sighting) pair of one case. */
export const matches = pgTable(
  'matches',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    liveSeq: bigint('live_seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('live_seq')`),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    callerLocationId: bigint('caller_location_id', { mode: 'number' })
      .notNull()
      .references(() => callerLocations.id),
    sightingId: bigint('sighting_id', { mode: 'number' }).notNull(),
    distanceM: real('distance_m').notNull(),
    minutesApart: real('minutes_apart').notNull(),
    score: real('score').notNull(),
    status: text('status', { enum: matchStatuses }).notNull().default('proposed'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('matches_pair_uq').on(t.callerLocationId, t.sightingId),
    // Ranked matches of a case.
    index('matches_case_score_idx').on(t.caseId, t.score),
    // The live feed reads rows above a seq.
    index('matches_live_seq_idx').on(t.liveSeq),
  ],
);

/**
 * Which sightings and caller locations have been matched, so a server that starts (or missed a doorbell)
 * catches up on those written while no server ran.
 */
export const matchRuns = pgTable(
  'match_runs',
  {
    subject: text('subject', { enum: ['sighting', 'caller_location'] }).notNull(),
    subjectId: bigint('subject_id', { mode: 'number' }).notNull(),
    matchedAt: timestamp('matched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.subject, t.subjectId] })],
);
