import type { Query } from './transaction.ts';

/**
 * The live feed's doorbell. The database is the source of truth: every live row carries a monotonic seq
 * (`live_seq`, `case_events.seq`, `fixes.id`), and after a write commits, a NOTIFY on `lookout_live` tells the
 * servers there is something past the seq they have read. The doorbell carries no data a client depends on; a
 * missed ring is caught by the servers' poll.
 */
export const LIVE_CHANNEL = 'lookout_live';

/**
 * A coverage pass added ground to a case: the payload is the case id. Whichever process runs the coverage worker
 * announces (throttled per case); every server relays it to the live sockets that may see the case.
 */
export const COVERAGE_CHANNEL = 'lookout_coverage';

/** NOTIFY payloads are limited to 8000 bytes; beyond this many ids the servers' sweep finds the sightings. */
export const DOORBELL_MAX_SIGHTINGS = 200;

/**
 * The payload: the highest seq written, and the new sightings' ids so the servers match them at once without
 * reading the feed first (server/src/matching/sighting-matcher.ts).
 */
export function doorbellPayload(seq: number, sightingIds: number[] = []): string {
  const sightings = sightingIds.length && sightingIds.length <= DOORBELL_MAX_SIGHTINGS ? sightingIds : undefined;
  return JSON.stringify(sightings ? { seq, sightings } : { seq });
}

/**
 * The doorbell as a SQL expression, for a statement that wrote live rows: `seqExpr` is the SQL of the highest
 * seq it wrote. A NOTIFY inside a transaction is delivered at commit, so it never rings for a write that rolled
 * back. When `seqExpr` may be null (the statement wrote nothing), nothing rings.
 */
export function liveDoorbellSql(seqExpr: string): string {
  return `case when (${seqExpr}) is not null then pg_notify('${LIVE_CHANNEL}', json_build_object('seq', ${seqExpr})::text) end`;
}

/** Ring the doorbell from code, inside the writing transaction (delivered at its commit). */
export async function ringLiveDoorbell(query: Query, seq: number, sightingIds: number[] = []): Promise<void> {
  await query('select pg_notify($1, $2)', [LIVE_CHANNEL, doorbellPayload(seq, sightingIds)]);
}
