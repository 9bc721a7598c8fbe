import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { roles } from '@lookout/contracts';

export { roles, type Role } from '@lookout/contracts';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** One or more; what the user may do is their union (contracts `hasRole`). */
    roles: text('roles', { enum: roles }).array().notNull(),
    /** The station (police post) the user works at; null = the home station, config STATION_NAME. */
    station: text('station'),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'users_roles_check',
      sql`cardinality(${t.roles}) >= 1 and ${t.roles} <@ array['pilot','officer','liaison','commander','admin']::text[]`,
    ),
  ],
);

/** Server-side sessions: the cookie carries a random token, the table keeps only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    remoteAddr: text('remote_addr'),
  },
  // Revoking every session of a user (disable, password reset) looks them up by user.
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * rate-limiter-flexible's PostgreSQL store (RateLimiterPostgres, created with `tableCreated: true` so it never
 * makes its own table): one row per limiter key, `<keyPrefix>:<key>`; `points` consumed in the current window,
 * `expire` its end in epoch milliseconds (null = never). Failed logins per (username, address), their growing
 * delays and the per-address daily caps live here, so every server on the database shares them.
 */
export const loginLimits = pgTable(
  'login_limits',
  {
    // The library inserts positionally: (key, points, expire).
    key: text('key').primaryKey(),
    points: integer('points').notNull().default(0),
    expire: bigint('expire', { mode: 'number' }),
  },
  // The library's periodic clean-up deletes rows by `expire`.
  (t) => [index('login_limits_expire_idx').on(t.expire)],
);

/**
 * Addresses a user has signed in from with the right password. Failures from elsewhere never hold up a login
 * from one of these, and the per-address daily cap does not apply to the pair.
 */
export const loginKnownAddresses = pgTable(
  'login_known_addresses',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    address: text('address').notNull(),
    firstAt: timestamp('first_at', { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp('last_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.address] })],
);
