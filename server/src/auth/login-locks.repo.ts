import type { Database } from '@lookout/db';

export type LockScope = 'user' | 'addr';

export interface LockPolicy {
  /** Failures within `windowMs` that lock the key, per scope. */
  maxFailures: Record<LockScope, number>;
  windowMs: number;
  lockMs: number;
}

export interface LoginLocksRepo {
  /** The latest `locked_until` still in the future among these keys, with its scope. */
  activeLock(
    keys: { scope: LockScope; key: string }[],
    now: Date,
  ): Promise<{ scope: LockScope; until: Date } | undefined>;
  /** Count one failure; returns whether this failure started a lock. One statement, so servers cannot race. */
  fail(scope: LockScope, key: string, now: Date, policy: LockPolicy): Promise<{ failures: number; lockedNow: boolean }>;
  /** A good password clears the username's count (the address keeps its own). */
  clear(scope: LockScope, key: string): Promise<void>;
}

export function createLoginLocksRepo(database: Database): LoginLocksRepo {
  return {
    async activeLock(keys, now) {
      if (!keys.length) return undefined;
      const rows = await database.query<{ scope: LockScope; locked_until: Date | string }>(
        `select scope, locked_until from login_locks
          where (scope, key) in (select * from unnest($1::text[], $2::text[])) and locked_until > $3::timestamptz
          order by locked_until desc limit 1`,
        [keys.map((k) => k.scope), keys.map((k) => k.key), now.toISOString()],
      );
      const r = rows[0];
      return r ? { scope: r.scope, until: new Date(r.locked_until) } : undefined;
    },
    async fail(scope, key, now, policy) {
      // A window older than windowMs starts over; reaching the maximum (again, once a lock ran out) sets locked_until.
      const [row] = await database.query<{ failures: number; locked_now: boolean }>(
        `with prev as (select locked_until from login_locks where scope = $1 and key = $2),
         up as (
           insert into login_locks as l (scope, key, failures, window_start, locked_until)
           values ($1, $2, 1, $3::timestamptz,
                   case when $4::int <= 1 then $3::timestamptz + $6::double precision * interval '1 millisecond' end)
           on conflict (scope, key) do update set
             failures = case when l.window_start <= $3::timestamptz - $5::double precision * interval '1 millisecond'
                             then 1 else l.failures + 1 end,
             window_start = case when l.window_start <= $3::timestamptz - $5::double precision * interval '1 millisecond'
                                 then $3::timestamptz else l.window_start end,
             locked_until = case
               when (case when l.window_start <= $3::timestamptz - $5::double precision * interval '1 millisecond'
                          then 1 else l.failures + 1 end) >= $4::int
                    and (l.locked_until is null or l.locked_until <= $3::timestamptz)
               then $3::timestamptz + $6::double precision * interval '1 millisecond'
               else l.locked_until end
           returning failures, locked_until)
         select up.failures,
                (up.locked_until is not null and up.locked_until > $3::timestamptz
                  and up.locked_until is distinct from (select locked_until from prev)) as locked_now
           from up`,
        [scope, key, now.toISOString(), policy.maxFailures[scope], policy.windowMs, policy.lockMs],
      );
      return { failures: Number(row!.failures), lockedNow: Boolean(row!.locked_now) };
    },
    async clear(scope, key) {
      await database.query('delete from login_locks where scope = $1 and key = $2', [scope, key]);
    },
  };
}
