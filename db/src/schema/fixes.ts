import { sql } from 'drizzle-orm';
import { bigint, geometry, index, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { drones } from './drones.ts';

export const fixes = pgTable(
  'fixes',
  {
    id: bigint('id', { mode: 'number' })
      .primaryKey()
      .default(sql`nextval('live_seq')`),
    droneId: text('drone_id')
      .notNull()
      .references(() => drones.id),
    /** The publisher's reading id (uuid v7), reused on every retry. */
    readingId: uuid('reading_id').notNull(),
    droneSeq: bigint('drone_seq', { mode: 'number' }),
    t: timestamp('t', { withTimezone: true }).notNull(),
    src: text('src'),
    geom: geometry('geom', { type: 'point', mode: 'xy', srid: 4326 }).notNull(),
    altMsl: real('alt_msl'),
    /** Height above the WGS-84 ellipsoid as the device reported it (DJI); alt_msl is then derived with EGM96. */
    altEllipsoid: real('alt_ellipsoid'),
    altRel: real('alt_rel'),
    hdg: real('hdg'),
    /** The camera gimbal's pitch (°, −90 straight down) where the drone reports it (DJI OSD payloads, v1 JSON). */
    gimbalPitch: real('gimbal_pitch'),
    gs: real('gs'),
    vs: real('vs'),
    bat: real('bat'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Idempotency: a redelivered or resent reading is a no-op (ON CONFLICT DO NOTHING).
    uniqueIndex('fixes_drone_reading_uq').on(t.droneId, t.readingId),
    // Tracks for one drone over a time window.
    index('fixes_drone_t_idx').on(t.droneId, t.t),
    // Time-window scans over all drones (trails, replay) on an append-only table.
    index('fixes_t_brin').using('brin', t.t),
  ],
);
