import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';
import { drones } from './drones.ts';
import { users } from './users.ts';

/**
 * A drone's RTMP stream key (one per drone; a new one replaces the old): the pilot types the URL carrying it into
 * DJI Pilot 2 or another app. Only its SHA-256 is kept; revoking sets `revoked_at`.
 */
export const droneVideoKeys = pgTable('drone_video_keys', {
  droneId: text('drone_id')
    .primaryKey()
    .references(() => drones.id),
  keyHash: text('key_hash').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** A recorded piece of a drone's stream while it flew for a case: a file under the data folder. */
export const videoRecordings = pgTable(
  'video_recordings',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    droneId: text('drone_id')
      .notNull()
      .references(() => drones.id),
    /** Relative to `<dataDir>/video`. */
    file: text('file').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    index('video_recordings_case_idx').on(t.caseId, t.startedAt),
    index('video_recordings_open_idx')
      .on(t.droneId)
      .where(sql`${t.endedAt} is null`),
  ],
);
