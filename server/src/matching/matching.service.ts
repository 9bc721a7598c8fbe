import type { Match } from '@lookout/contracts';
import type { SubjectCategory } from '@lookout/db';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { CaseAccess } from '../cases/case-access.ts';
import { AppError } from '../errors.ts';
import { matchScore, searchRadiusM, walkingSpeedMps } from './match-score.ts';
import type { MatchCandidate, MatchingRepo, NewMatch } from './matching.repo.ts';

/** A caller fix and a sighting more than this many hours apart are not compared. */
export const MATCH_WINDOW_H = 6;
/**
 * Beyond this distance nothing is a match candidate, however old the fix (the search radius of match-score grows
 * with time: after 6 h a hiker's 3-spread radius would be ~50 km). 10 km is about the 90 % ISRID ring of hikers.
 */
export const MATCH_MAX_RADIUS_M = 10_000;
/** Unknown sighting uncertainty: assume a drone camera pin at this radius. */
export const DEFAULT_SIGHTING_UNC_M = 25;

/** Score the candidates PostGIS found; drop those beyond their own search radius (match-score). */
export function scoreCandidates(candidates: MatchCandidate[]): NewMatch[] {
  const out: NewMatch[] = [];
  for (const c of candidates) {
    const speed = walkingSpeedMps[(c.subjectCategory ?? 'other') as SubjectCategory] ?? walkingSpeedMps.other;
    const spreadInput = {
      callerAccuracyM: c.callerAccuracyM,
      sightingUncertaintyM: c.sightingUncM ?? DEFAULT_SIGHTING_UNC_M,
      minutesApart: c.minutesApart,
      walkingSpeedMps: speed,
    };
    if (c.distanceM > Math.min(searchRadiusM(spreadInput), MATCH_MAX_RADIUS_M)) continue;
    out.push({
      caseId: c.caseId,
      callerLocationId: c.callerLocationId,
      sightingId: c.sightingId,
      distanceM: c.distanceM,
      minutesApart: c.minutesApart,
      score: matchScore({ ...spreadInput, distanceM: c.distanceM, sightingConfidence: c.sightingConf }),
    });
  }
  return out;
}

const query = { radiusM: MATCH_MAX_RADIUS_M, windowH: MATCH_WINDOW_H };

export function createMatchingService(repo: MatchingRepo, access: CaseAccess) {
  return {
    /**
     * A new sighting: score it against the caller locations of open cases nearby; store, record the run and ring
     * the doorbell. Returns the new matches.
     */
    async onSighting(sightingId: number): Promise<Match[]> {
      const found = scoreCandidates(await repo.candidatesForSighting(sightingId, query));
      return repo.insert(found, { subject: 'sighting', ids: [sightingId] });
    },

    /** A new caller location: score it against the sightings nearby. */
    async onCallerLocation(callerLocationId: number): Promise<Match[]> {
      const found = scoreCandidates(await repo.candidatesForCallerLocation(callerLocationId, query));
      return repo.insert(found, { subject: 'caller_location', ids: [callerLocationId] });
    },

    /** What was written while no server ran (or whose doorbell was missed), oldest first. */
    async unmatched(limit: number): Promise<{ sightings: number[]; callerLocations: number[] }> {
      return {
        sightings: await repo.unmatchedSightings(MATCH_WINDOW_H, limit),
        callerLocations: await repo.unmatchedCallerLocations(MATCH_WINDOW_H, limit),
      };
    },

    /** These matches as they are stored. */
    async views(ids: number[]): Promise<Match[]> {
      return repo.byIds(ids);
    },

    /** Ranked matches of a case, best first. */
    async list(caseId: string): Promise<Match[]> {
      return repo.listForCase(caseId, 200);
    },

    async confirm(id: number, by: SessionUser): Promise<Match> {
      const existing = await repo.get(id);
      if (!existing) throw new AppError('not_found', `No match ${id}`);
      await access.caseInScope(existing.caseId, by);
      if (existing.status === 'confirmed') throw new AppError('conflict', `Match ${id} is already confirmed`);
      await repo.confirm(id, by.id);
      return (await repo.get(id))!;
    },
  };
}

export type MatchingService = ReturnType<typeof createMatchingService>;
