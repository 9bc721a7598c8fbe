import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  geometry,
  index,
  integer,
  pgTable,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

import type { DroneSource } from '@lookout/contracts';

export { droneSources, type DroneSource } from '@lookout/contracts';

export const drones = pgTable(
  'drones',
  {
    /** Also the MQTT username and client id, and the `{droneId}` of its topics. */
    id: text('id').primaryKey(),
    callsign: text('callsign').notNull().unique(),
    /**
     * PBKDF2-SHA512 in Mosquitto's `$7$` password-file format, so the same hash authenticates the drone on the
     * embedded broker and is written unchanged into a Mosquitto password file.
     */
    credentialHash: text('credential_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    source: text('source').$type<DroneSource>().notNull().default('lookout'),
    /** The aircraft's serial number as its maker reports it (DJI device serial); null when unknown. */
    serial: text('serial').unique(),
    /** MAVLink system id (1..255) the bridge maps UDP frames to this drone by; unique among drones. */
    mavlinkSystemId: integer('mavlink_system_id').unique(),
    /**
     * The MAVLink 2 signing key (32 bytes), sealed with the server's secret box (AES-256-GCM under SECRETS_KEY):
     * checking a signature needs the raw key, so it cannot be hashed. Null: unsigned frames are accepted.
     */
    mavlinkSigningKey: text('mavlink_signing_key'),
  },
  (t) => [
    check('drones_source_check', sql`${t.source} in ('lookout','dji','mavlink')`),
    check('drones_mavlink_system_id_check', sql`${t.mavlinkSystemId} between 1 and 255`),
  ],
);

/** The latest fix per drone, for the live map; written in the same transaction as the fixes. */
export const droneState = pgTable(
  'drone_state',
  {
    droneId: text('drone_id')
      .primaryKey()
      .references(() => drones.id, { onDelete: 'cascade' }),
    fixId: bigint('fix_id', { mode: 'number' }).notNull(),
    t: timestamp('t', { withTimezone: true }).notNull(),
    geom: geometry('geom', { type: 'point', mode: 'xy', srid: 4326 }).notNull(),
    src: text('src'),
    altMsl: real('alt_msl'),
    altEllipsoid: real('alt_ellipsoid'),
    altRel: real('alt_rel'),
    hdg: real('hdg'),
    gs: real('gs'),
    vs: real('vs'),
    bat: real('bat'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    online: boolean('online'),
    statusAt: timestamp('status_at', { withTimezone: true }),
  },
  // "Which drones are near here" for matching and the officer's beacon.
  (t) => [index('drone_state_geom_idx').using('gist', t.geom)],
);
