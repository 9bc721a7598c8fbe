import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  geometry,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';

/**
 * The ground the drones' cameras and the officers' own tracks have covered for a case, per detection band, sensor
 * and minute (so the coverage can be replayed as it grew). The coverage worker unions each batch of new fixes into
 * its minute's row; a row is a simplified MultiPolygon (server/src/search-coverage/).
 */
export const caseCoverage = pgTable(
  'case_coverage',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    band: text('band').notNull(),
    sensor: text('sensor').notNull(),
    bucketStart: timestamp('bucket_start', { withTimezone: true }).notNull(),
    geom: geometry('geom', { type: 'multipolygon', srid: 4326 }).notNull(),
    /** The fixes (or walked positions) that added to this row. */
    fixes: integer('fixes').notNull().default(0),
  },
  (t) => [
    primaryKey({ name: 'case_coverage_pk', columns: [t.caseId, t.band, t.sensor, t.bucketStart] }),
    check('case_coverage_band_check', sql`${t.band} in ('good','fair','poor','walk')`),
    check('case_coverage_sensor_check', sql`${t.sensor} in ('visible','thermal')`),
    // "What covers this sector / ring" across cases and minutes.
    index('case_coverage_geom_gist').using('gist', t.geom),
  ],
);

/** All bands of a case's coverage in one geometry, kept by the worker so the board reads the 50 % ring's share cheaply. */
export const caseCoverageTotal = pgTable('case_coverage_total', {
  caseId: uuid('case_id')
    .primaryKey()
    .references(() => cases.id, { onDelete: 'cascade' }),
  geom: geometry('geom', { type: 'multipolygon', srid: 4326 }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** How far the coverage worker has read `fixes` and `unit_positions` (both numbered from live_seq). */
export const coverageCursors = pgTable(
  'coverage_cursors',
  {
    source: text('source').primaryKey(),
    lastId: bigint('last_id', { mode: 'number' }).notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('coverage_cursors_source_check', sql`${t.source} in ('fixes','walk')`)],
);
