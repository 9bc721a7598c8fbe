import type { Match } from '@lookout/contracts';
import { LIVE_CHANNEL, type Database } from '@lookout/db';
import type { Logger } from 'pino';
import type { LiveHub } from '../live/live.hub.ts';
import type { MatchingService } from './matching.service.ts';

/** Most ids waiting at once; beyond it the sweep picks them up from the database. */
const MAX_PENDING = 10_000;
const SWEEP_BATCH = 200;

/** The sighting ids a doorbell announces (drone-bridge `doorbellPayload`), or none. */
export function sightingIdsOf(payload: string): number[] {
  try {
    const parsed = JSON.parse(payload) as { sightings?: unknown };
    if (!Array.isArray(parsed.sightings)) return [];
    return parsed.sightings.filter((id): id is number => Number.isSafeInteger(id) && (id as number) > 0);
  } catch {
    return [];
  }
}

/**
 * Sightings are written by the bridge (in this process on the embedded default, elsewhere on real services). The
 * bridge's doorbell names the new sightings, so each is matched as soon as it is committed, without waiting for
 * the live feed's read; the new matches go to this server's sockets at once (their doorbell tells the other
 * servers). A sweep at start and every `sweepMs` matches what was written while no server ran, or whose doorbell
 * was missed (a dropped LISTEN connection, a sighting beyond the doorbell's id limit): the `match_runs` table
 * says what has been matched. Several servers may match the same sighting; pairs are unique, so that is harmless.
 */
export async function startSightingMatcher(options: {
  database: Pick<Database, 'listen'>;
  hub: Pick<LiveHub, 'publish'>;
  matching: Pick<MatchingService, 'onSighting' | 'onCallerLocation' | 'unmatched'>;
  log: Logger;
  sweepMs?: number;
}): Promise<{ stop(): Promise<void>; idle(): Promise<void>; sweep(): Promise<number> }> {
  const { log, matching } = options;
  const pending = new Set<number>();
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  function push(matches: Match[]): void {
    if (!matches.length) return;
    options.hub.publish({
      positions: [],
      events: [],
      caseItems: matches.map((match) => ({
        seq: match.seq,
        staffOnly: true,
        events: [{ kind: 'match' as const, caseId: match.caseId, match }],
      })),
    });
  }

  function enqueue(work: () => Promise<void>): Promise<void> {
    chain = chain.then(work, work);
    return chain;
  }

  function matchSighting(id: number): Promise<void> {
    if (pending.has(id) || pending.size >= MAX_PENDING) return chain;
    pending.add(id);
    return enqueue(async () => {
      pending.delete(id);
      if (stopped) return;
      try {
        const matches = await matching.onSighting(id);
        if (matches.length) log.info({ sightingId: id, matches: matches.length }, 'sighting matched');
        push(matches);
      } catch (err) {
        log.error({ err, sightingId: id }, 'matching a sighting failed; the sweep retries it');
      }
    });
  }

  async function sweep(): Promise<number> {
    let done = 0;
    const { sightings, callerLocations } = await matching.unmatched(SWEEP_BATCH);
    for (const id of sightings) {
      await matchSighting(id);
      done++;
    }
    for (const id of callerLocations) {
      await enqueue(async () => {
        if (stopped) return;
        try {
          push(await matching.onCallerLocation(id));
        } catch (err) {
          log.error({ err, callerLocationId: id }, 'matching a caller location failed; the sweep retries it');
        }
      });
      done++;
    }
    if (done) log.info({ sightings: sightings.length, callerLocations: callerLocations.length }, 'matching caught up');
    return done;
  }

  const unlisten = await options.database.listen(LIVE_CHANNEL, (payload) => {
    for (const id of sightingIdsOf(payload)) void matchSighting(id);
  });
  const runSweep = () =>
    sweep().catch((err: unknown) => {
      log.warn({ err }, 'matching sweep failed; retrying later');
      return 0;
    });
  void runSweep();
  const timer = setInterval(() => void runSweep(), options.sweepMs ?? 15_000);
  timer.unref();

  return {
    idle: () => chain,
    sweep,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten().catch(() => undefined);
      await chain;
    },
  };
}
