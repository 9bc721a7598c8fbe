import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';
import { drones } from './drones.ts';
import { users } from './users.ts';

/**
 * A drone flying for a case, and the pilot flying it: the pilot sees the case on his map, marks sightings for it and
 * hands them to the ground team. Attaching and detaching are steps of the case (`drone_attached`, `drone_detached`);
 * a drone is attached to a case once at a time.
 */
export const caseDrones = pgTable(
  'case_drones',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    droneId: text('drone_id')
      .notNull()
      .references(() => drones.id),
    /** The pilot flying it for this case; null when the commander attached it without naming one. */
    pilotId: uuid('pilot_id').references(() => users.id),
    attachedBy: uuid('attached_by').references(() => users.id),
    attachedAt: timestamp('attached_at', { withTimezone: true }).notNull().defaultNow(),
    detachedBy: uuid('detached_by').references(() => users.id),
    detachedAt: timestamp('detached_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('case_drones_live_uq')
      .on(t.caseId, t.droneId)
      .where(sql`${t.detachedAt} is null`),
    index('case_drones_pilot_idx')
      .on(t.pilotId)
      .where(sql`${t.detachedAt} is null`),
  ],
);
