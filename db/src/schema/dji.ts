import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  geometry,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { drones } from './drones.ts';
import { sightings } from './sightings.ts';
import { users } from './users.ts';

/**
 * Broker credentials of a pilot for DJI Pilot 2 / DJI Dock (DJI Cloud API). The gateway (remote controller or
 * dock) logs in with them; the gateway serials it publishes for become bound to the credential's user.
 */
export const djiPilotCredentials = pgTable(
  'dji_pilot_credentials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    mqttUsername: text('mqtt_username').notNull().unique(),
    /** `$7$` Mosquitto hash (drone-bridge credentials.ts), checked by the embedded broker, copied to Mosquitto. */
    credentialHash: text('credential_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  // "Which credentials of this user are live" on every login and broker re-sync.
  (t) => [index('dji_pilot_credentials_user_idx').on(t.userId)],
);

/**
 * Every DJI device the platform has seen in a topology: gateways (remote controller, dock) bound to the pilot
 * user whose credentials they used, and sub-devices (aircraft) bound to one gateway until an admin rebinds them.
 * A dock's OSD, which DJI splits over several messages, is merged into `state`.
 */
export const djiDevices = pgTable(
  'dji_devices',
  {
    serial: text('serial').primaryKey(),
    /** `gateway` or `sub` (a device under a gateway's topology). */
    role: text('role').notNull(),
    /** Gateways: the pilot user they are bound to. */
    userId: uuid('user_id').references(() => users.id),
    /** Sub-devices: the gateway they are bound to. */
    gatewaySerial: text('gateway_serial'),
    /** DJI product key `domain-type-sub_type` (0 aircraft, 2 remote controller, 3 dock), when reported. */
    domain: text('domain'),
    productType: integer('product_type'),
    productSubType: integer('product_sub_type'),
    /** Aircraft: the drone it appears as. */
    droneId: text('drone_id').references(() => drones.id),
    /** Docks: the merged OSD (state) and its position. */
    state: jsonb('state'),
    geom: geometry('geom', { type: 'point', mode: 'xy', srid: 4326 }),
    heightEllipsoid: real('height_ellipsoid'),
    stateAt: timestamp('state_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('dji_devices_role_check', sql`${t.role} in ('gateway','sub')`),
    // The sub-devices of a gateway, for broker ACLs.
    index('dji_devices_gateway_idx').on(t.gatewaySerial),
    // The gateways of a pilot, for broker ACLs.
    index('dji_devices_user_idx').on(t.userId),
  ],
);

/**
 * Health (`hms`) and flight-task progress reported by DJI devices, one row per reading; `reading_id` is made
 * from (serial, type, timestamp, item) so a redelivery is a no-op.
 */
export const droneEvents = pgTable(
  'drone_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deviceSerial: text('device_serial').notNull(),
    droneId: text('drone_id').references(() => drones.id),
    readingId: uuid('reading_id').notNull(),
    t: timestamp('t', { withTimezone: true }).notNull(),
    /** `hms` or `flighttask_progress`. */
    type: text('type').notNull(),
    /** hms: 0 notification, 1 reminder, 2 warning. */
    level: integer('level'),
    code: text('code'),
    data: jsonb('data').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('drone_events_reading_uq').on(t.deviceSerial, t.readingId),
    // A drone's recent events for its panel.
    index('drone_events_drone_t_idx').on(t.droneId, t.t),
    // Recent severe events for the board.
    index('drone_events_t_idx').on(t.t),
  ],
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

/**
 * The latest laser rangefinder reading of each aircraft (DJI OSD: a payload object keyed by its payload index, e.g.
 * `"52-0-0"`, with `measure_target_latitude/longitude/altitude/distance/error_state`). One row per drone, the newest
 * device time winning: a picture taken from the live video is placed where the laser points when the reading is
 * valid and fresh. `error_state` as DJI sends it: 0 normal, 1 too close, 2 too far, 3 no signal.
 */
export const droneLaserTargets = pgTable('drone_laser_targets', {
  droneId: text('drone_id')
    .primaryKey()
    .references(() => drones.id, { onDelete: 'cascade' }),
  /** The OSD's device time. */
  t: timestamp('t', { withTimezone: true }).notNull(),
  payloadIndex: text('payload_index').notNull(),
  lon: doublePrecision('lon'),
  lat: doublePrecision('lat'),
  /** The target's altitude as DJI reports it (m). */
  alt: real('alt'),
  distance: real('distance'),
  errorState: smallint('error_state'),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});
