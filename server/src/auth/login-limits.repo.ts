import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { pgStyleClient, type Database } from '@lookout/db';

/** The store's table (db/src/schema/users.ts `loginLimits`), made by the committed migrations. */
const TABLE = 'login_limits';
const PREFIX = { failures: 'login_fail', delay: 'login_delay', address: 'login_addr' } as const;
const DAY_S = 86_400;

export interface LoginLimitsOptions {
  /** Failures from one address in a day before that address is refused (for pairs it is not known for). */
  addressDailyFailures: number;
  /** How long a run of failures of one (username, address) pair is remembered, from its first failure. */
  failureMemoryS: number;
}

export interface Throttle {
  until: Date;
  failures: number;
}

export interface LoginLimitsRepo {
  /** The delay a pair is serving now, if any. */
  pairDelay(username: string, address: string): Promise<{ msLeft: number } | undefined>;
  /** The address's failures today, once they reached the cap; with the time until the day's window ends. */
  addressCap(address: string): Promise<{ failures: number; msLeft: number } | undefined>;
  /** Count one failure of the pair and of the address; returns both counts. */
  countFailure(username: string, address: string): Promise<{ pairFailures: number; addressFailures: number }>;
  /** Hold the pair back for `seconds` (the growing delay). */
  delayPair(username: string, address: string, seconds: number): Promise<void>;
  /** A good login: the pair starts over. */
  clearPair(username: string, address: string): Promise<void>;
  isKnown(userId: string, address: string): Promise<boolean>;
  markKnown(userId: string, address: string, at: Date): Promise<void>;
  /** Usernames (lower case) serving a delay from some address now, with their failure counts over all addresses. */
  throttled(usernames: string[], now: Date): Promise<Map<string, Throttle>>;
  /** Forget every failure and delay of the username, from every address; returns how many keys went. */
  clearUsername(username: string): Promise<number>;
  /** Drop store rows that expired over an hour ago. */
  purgeExpired(now: Date): Promise<void>;
}

/** The username part of a key: lower case, percent-encoded so it never contains the `|` that ends it. */
const userPart = (username: string) => encodeURIComponent(username.trim().toLowerCase());
const pairKey = (username: string, address: string) => `${userPart(username)}|${address}`;

/**
 * Login limits in PostgreSQL through rate-limiter-flexible's RateLimiterPostgres (the library's own atomic
 * upsert), on the real server's pool or PGlite through `pgStyleClient`: several servers on one database share
 * every count. The known addresses and the per-user views are plain SQL here.
 */
export function createLoginLimitsRepo(database: Database, options: LoginLimitsOptions): LoginLimitsRepo {
  const storeClient = pgStyleClient(database);
  const common = { storeClient, storeType: 'pool', tableName: TABLE, tableCreated: true, clearExpiredByTimeout: false };
  // Never refuses by itself: the service reads the count and sets the delay.
  const failures = new RateLimiterPostgres({
    ...common,
    keyPrefix: PREFIX.failures,
    points: 1_000_000,
    duration: options.failureMemoryS,
  });
  const delay = new RateLimiterPostgres({ ...common, keyPrefix: PREFIX.delay, points: 1, duration: 1 });
  const address = new RateLimiterPostgres({
    ...common,
    keyPrefix: PREFIX.address,
    points: options.addressDailyFailures,
    duration: DAY_S,
  });

  async function keysOf(username: string): Promise<string[]> {
    const rows = await database.query<{ key: string }>(
      `select key from login_limits where starts_with(key, $1) or starts_with(key, $2)`,
      [`${PREFIX.failures}:${userPart(username)}|`, `${PREFIX.delay}:${userPart(username)}|`],
    );
    return rows.map((r) => r.key);
  }

  return {
    async pairDelay(username, addr) {
      const res = await delay.get(pairKey(username, addr));
      return res && res.consumedPoints > 1 && res.msBeforeNext > 0 ? { msLeft: res.msBeforeNext } : undefined;
    },
    async addressCap(addr) {
      const res = await address.get(addr);
      return res && res.consumedPoints >= options.addressDailyFailures
        ? { failures: res.consumedPoints, msLeft: res.msBeforeNext }
        : undefined;
    },
    async countFailure(username, addr) {
      const [pair, byAddress] = await Promise.all([
        failures.penalty(pairKey(username, addr), 1),
        address.penalty(addr, 1),
      ]);
      return { pairFailures: pair.consumedPoints, addressFailures: byAddress.consumedPoints };
    },
    async delayPair(username, addr, seconds) {
      await delay.block(pairKey(username, addr), seconds);
    },
    async clearPair(username, addr) {
      const key = pairKey(username, addr);
      await Promise.all([failures.delete(key), delay.delete(key)]);
    },
    async isKnown(userId, addr) {
      const rows = await database.query('select 1 from login_known_addresses where user_id = $1 and address = $2', [
        userId,
        addr,
      ]);
      return rows.length > 0;
    },
    async markKnown(userId, addr, at) {
      await database.query(
        `insert into login_known_addresses (user_id, address, first_at, last_at) values ($1, $2, $3, $3)
         on conflict (user_id, address) do update set last_at = excluded.last_at`,
        [userId, addr, at.toISOString()],
      );
    },
    async throttled(usernames, now) {
      const out = new Map<string, Throttle>();
      if (!usernames.length) return out;
      // key = '<prefix>:<user part>|<address>'; group the live rows by prefix and user part.
      const rows = await database.query<{ prefix: string; user_part: string; points: number; expire: number }>(
        `select split_part(key, ':', 1) as prefix,
                split_part(substr(key, strpos(key, ':') + 1), '|', 1) as user_part,
                sum(points)::int as points, max(expire) as expire
           from login_limits
          where (starts_with(key, $1) or starts_with(key, $2)) and expire > $3
          group by 1, 2`,
        [`${PREFIX.failures}:`, `${PREFIX.delay}:`, now.getTime()],
      );
      const wanted = new Set(usernames.map(userPart));
      const delays = new Map<string, number>();
      const counts = new Map<string, number>();
      for (const r of rows) {
        if (!wanted.has(r.user_part)) continue;
        if (r.prefix === PREFIX.delay) delays.set(r.user_part, Number(r.expire));
        else counts.set(r.user_part, Number(r.points));
      }
      for (const [part, until] of delays) {
        out.set(decodeURIComponent(part), { until: new Date(until), failures: counts.get(part) ?? 0 });
      }
      return out;
    },
    async clearUsername(username) {
      const keys = await keysOf(username);
      if (!keys.length) return 0;
      await database.query('delete from login_limits where key = any($1::text[])', [keys]);
      return keys.length;
    },
    async purgeExpired(now) {
      await database.query('delete from login_limits where expire < $1', [now.getTime() - 3_600_000]);
    },
  };
}
