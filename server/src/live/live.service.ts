import type { DronesService } from '../drones/drones.service.ts';
import type { SightingsService } from '../sightings/sightings.service.ts';
import type { LiveHub } from './live.hub.ts';
import type { LiveRepo } from './live.repo.ts';
import type { CaseFeedItem, Position, ServerMessage, SightingEvent } from './live.types.ts';

/** A resume further back than this many sighting events gets a snapshot instead. */
export const RESUME_MAX_EVENTS = 1000;
/**
 * Events are re-read this far below the client's `after`: a sighting committed late (below a seq the client
 * already saw) is still delivered. Sending a sighting's current state twice is harmless.
 */
export const RESUME_SLACK = 500;

export type ResumePlan =
  | { kind: 'snapshot'; message: Extract<ServerMessage, { type: 'snapshot' }> }
  | { kind: 'replay'; seq: number; events: SightingEvent[]; positions: Position[]; caseItems?: CaseFeedItem[] };

export interface LiveServiceDeps {
  repo: LiveRepo;
  hub: Pick<LiveHub, 'cursor' | 'kick'>;
  drones: Pick<DronesService, 'list'>;
  sightings: Pick<SightingsService, 'listSince'>;
}

export function createLiveService(deps: LiveServiceDeps) {
  async function snapshot(seq: number): Promise<ResumePlan> {
    const [{ drones }, sightings] = await Promise.all([
      deps.drones.list(),
      deps.sightings.listSince(new Date(Date.now() - 24 * 3_600_000)),
    ]);
    return { kind: 'snapshot', message: { type: 'snapshot', seq, drones, sightings } };
  }

  return {
    /** An officer's units and the cases he opened or is assigned to (CaseScope). */
    ownCases: (userId: string) => deps.repo.ownCases(userId),

    /** What a client resuming after `after` needs before it joins the live stream. */
    async resume(after: number | null): Promise<ResumePlan> {
      if (after !== null && after > deps.hub.cursor) {
        // Another server behind the load balancer may have read a little further: catch up briefly first.
        await Promise.race([deps.hub.kick(), new Promise((r) => setTimeout(r, 1000))]);
      }
      const seq = deps.hub.cursor;
      // null: a fresh client. Still above our cursor: a cursor from another database (or a reset one).
      if (after === null || after > seq) return snapshot(seq);
      const events = await deps.repo.sightingsAfter(Math.max(0, after - RESUME_SLACK), RESUME_MAX_EVENTS + 1);
      if (events.length > RESUME_MAX_EVENTS) return snapshot(seq);
      // Case events, caller locations and matches missed (a snapshot holds none: the client re-reads its cases).
      const caseSeqs = await deps.repo.caseEventSeqsAfter(Math.max(0, after - RESUME_SLACK), RESUME_MAX_EVENTS + 1);
      if (caseSeqs.length > RESUME_MAX_EVENTS) return snapshot(seq);
      const { items: caseItems } = await deps.repo.caseFeedIn(caseSeqs);
      const positions = await deps.repo.latestPositionsAfter(after);
      return { kind: 'replay', seq, events, positions, caseItems };
    },
  };
}

export type LiveService = ReturnType<typeof createLiveService>;
