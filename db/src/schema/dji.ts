import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { drones } from './drones.ts';
import { sightings } from './sightings.ts';
import { users } from './users.ts';

/**
 * Broker credentials of a pilot's DJI Pilot 2 (the `thing` component of Lookout's Pilot 2 page). One active row
 * per pilot: a new sign-in on the page revokes the older rows; disabling the pilot revokes them all.
 */
export const djiPilotCredentials = pgTable(
  'dji_pilot_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    mqttUsername: text('mqtt_username').notNull().unique(),
    /** Mosquitto `$7$` (PBKDF2-SHA512), as drone-bridge/src/credentials.ts makes it. */
    credentialHash: text('credential_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  // "The pilot's active credentials" on every sign-in and on disable.
  (t) => [index('dji_pilot_credentials_user_idx').on(t.userId)],
);

/**
 * The token DJI Pilot 2 sends as `X-Auth-Token` (api component) and `?x-auth-token=` (ws component); the table
 * keeps only its SHA-256. Tied to the pilot: refused once he is disabled or the token is revoked or expired.
 */
export const djiApiTokens = pgTable(
  'dji_api_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The drone this pilot's pins are sightings of. */
    droneId: text('drone_id')
      .notNull()
      .references(() => drones.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('dji_api_tokens_user_idx').on(t.userId)],
);

/**
 * Map elements Pilot 2 pilots drew (DJI's app-shared group). A pin is also a sighting (`sighting_id`); lines
 * and polygons are only shared with the other pilots.
 */
export const djiMapElements = pgTable(
  'dji_map_elements',
  {
    /** DJI's element id, made by Pilot 2. */
    id: text('id').primaryKey(),
    groupId: text('group_id').notNull(),
    name: text('name').notNull(),
    /** 0 pin, 1 line, 2 polygon. */
    resourceType: integer('resource_type').notNull(),
    userName: text('user_name').notNull(),
    /** The GeoJSON Feature as DJI sent it (validated), so it goes back to every Pilot 2 unchanged. */
    content: jsonb('content').notNull(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    sightingId: bigint('sighting_id', { mode: 'number' }).references(() => sightings.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [check('dji_map_elements_type_check', sql`${t.resourceType} in (0, 1, 2)`)],
);
