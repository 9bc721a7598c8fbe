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
import { cases } from './cases.ts';
import { users } from './users.ts';
import { assignmentStatuses, targetKinds } from '@lookout/contracts';

export { assignmentStatuses, type AssignmentStatus, targetKinds } from '@lookout/contracts';

/**
 * A ground officer with a phone (one per officer account), or an outside team without an account (fire rescue,
 * a volunteer rescue team, a grid worker): no user, but its agency and the phone its guidance link is sent to.
 */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .unique()
      .references(() => users.id),
    callsign: text('callsign').notNull(),
    /** An outside team's agency (消防救援队, 蓝天救援队, 网格员); null for an officer. */
    agency: text('agency'),
    /** An outside team's phone: personal data, shown and logged masked. */
    phone: text('phone'),
    /** How many people the outside team brings, when known. */
    members: integer('members'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A unit is either an officer's (his account) or an outside team's (reached by its phone).
    check(
      'units_officer_or_team_ck',
      sql`${t.userId} is not null or (${t.agency} is not null and ${t.phone} is not null)`,
    ),
  ],
);

/**
 * The guidance link of an outside team's assignment (`/u/<token>`): only the token's SHA-256 is kept, it expires
 * and can be revoked; a re-issue revokes the old one.
 */
export const teamLinks = pgTable(
  'team_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    assignmentId: uuid('assignment_id')
      .notNull()
      .references(() => assignments.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  },
  // The commander's panel lists the links of an assignment; a re-issue revokes them.
  (t) => [index('team_links_assignment_idx').on(t.assignmentId)],
);

export const unitPositions = pgTable(
  'unit_positions',
  {
    id: bigint('id', { mode: 'number' })
      .primaryKey()
      .default(sql`nextval('live_seq')`),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    t: timestamp('t', { withTimezone: true }).notNull(),
    geom: geometry('geom', { type: 'point', mode: 'xy', srid: 4326 }).notNull(),
    accuracyM: real('accuracy_m'),
    idempotencyKey: text('idempotency_key').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('unit_positions_idem_uq').on(t.unitId, t.idempotencyKey),
    index('unit_positions_unit_t_idx').on(t.unitId, t.t),
  ],
);

/** "Unit U goes to target T for case C"; every status change is also a case event (the clocks). */
export const assignments = pgTable(
  'assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    targetKind: text('target_kind', { enum: targetKinds }).notNull(),
    targetRef: text('target_ref'),
    target: geometry('target', { type: 'point', mode: 'xy', srid: 4326 }).notNull(),
    status: text('status', { enum: assignmentStatuses }).notNull().default('dispatched'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('assignments_unit_idx').on(t.unitId, t.status),
    index('assignments_case_idx').on(t.caseId),
    // One live assignment per unit and case: a second dispatch of the same officer must move his target, never
    // add a second row (the board would count him twice and the old target would keep its label on the map).
    uniqueIndex('assignments_active_unit_case_uq')
      .on(t.unitId, t.caseId)
      .where(sql`${t.status} in ('dispatched', 'en_route', 'on_scene')`),
  ],
);
