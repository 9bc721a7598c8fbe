import { sql } from 'drizzle-orm';
import { check, customType, index, pgTable, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sectorAssigneeKinds, sectorStatuses } from '@lookout/contracts';
import { cases } from './cases.ts';
import { users } from './users.ts';

export { sectorStatuses, type SectorStatus, sectorAssigneeKinds, type SectorAssigneeKind } from '@lookout/contracts';

/** One simple polygon in WGS-84 (the outline of a sector). */
const polygon = customType<{ data: string; driverData: string }>({ dataType: () => 'geometry(Polygon,4326)' });

/**
 * A search sector of a case (A1, A2…): an area the commander drew or had a ring split into, with its priority, its
 * status (未搜 / 搜索中 / 已搜 / 需复搜) and who searches it: a unit or outside team (`units.id`) or a drone
 * (`drones.id`). Sectors of one case do not overlap (checked by the service).
 */
export const searchSectors = pgTable(
  'search_sectors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    name: text('name').notNull(),
    geom: polygon('geom').notNull(),
    /** 1 = search first. */
    priority: smallint('priority').notNull().default(2),
    status: text('status', { enum: sectorStatuses }).notNull().default('unsearched'),
    assigneeKind: text('assignee_kind', { enum: sectorAssigneeKinds }),
    assigneeRef: text('assignee_ref'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('search_sectors_case_name_uq').on(t.caseId, t.name),
    // Overlap checks and the split look for the case's sectors that meet a new outline.
    index('search_sectors_geom_idx').using('gist', t.geom),
    check('search_sectors_priority_ck', sql`${t.priority} between 1 and 3`),
    check('search_sectors_assignee_ck', sql`(${t.assigneeKind} is null) = (${t.assigneeRef} is null)`),
  ],
);
