import type { AssignmentView } from '../assignments/assignments.repo.ts';
import type { CallerLocationFeature } from '../caller-locations/caller-locations.repo.ts';
import type { DroneView } from '../drones/drones.service.ts';
import type { MatchView } from '../matching/matching.repo.ts';
import type { FeatureCollection } from '../drones/drones.geojson.ts';
import type { SightingFeature } from '../sightings/sightings.repo.ts';

/** One fix on the live feed; `seq` is `fixes.id`. */
export interface Position {
  droneId: string;
  seq: number;
  t: string;
  lon: number;
  lat: number;
  altMsl: number | null;
  altRel: number | null;
  hdg: number | null;
  gs: number | null;
  vs: number | null;
  bat: number | null;
}

/** A sighting as it now stands; `seq` is its current `live_seq`. */
export interface SightingEvent {
  seq: number;
  sighting: SightingFeature;
}

/** An officer's unit position on the live feed; `seq` is `unit_positions.id`. */
export interface UnitPosition {
  unitId: string;
  seq: number;
  t: string;
  lon: number;
  lat: number;
  accuracyM: number | null;
}

/** events of a case (docs/api.md "Live socket additions"). */
export type CaseFeedEvent =
  | {
      kind: 'case_event';
      caseId: string;
      seq: number;
      type: string;
      at: string;
      actorId: string | null;
      data: Record<string, unknown>;
    }
  | { kind: 'caller_location'; caseId: string; feature: CallerLocationFeature }
  | { kind: 'match'; caseId: string; match: MatchView }
  | { kind: 'assignment'; caseId: string; assignment: AssignmentView };

/** One row of the case feed: one or two messages under one seq (a dispatch step also carries its assignment). */
export interface CaseFeedItem {
  seq: number;
  /** Caller locations and matches: not for liaisons. */
  staffOnly: boolean;
  events: CaseFeedEvent[];
}

/** What the hub hands its subscribers after each read of the database. */
export interface LiveBatch {
  positions: Position[];
  events: SightingEvent[];
  /** Case events, caller locations, matches (never dropped) and unit positions (coalesced). */
  caseItems?: CaseFeedItem[];
  unitPositions?: UnitPosition[];
  /** Everything up to here has been read (apart from late commits still in the hole list). */
  cursor: number;
}

export type ServerMessage =
  | { type: 'snapshot'; seq: number; drones: DroneView[]; sightings: FeatureCollection<SightingFeature> }
  | { type: 'positions'; seq: number; positions: Position[]; units?: UnitPosition[] }
  | { type: 'event'; seq: number; event: { kind: 'sighting'; sighting: SightingFeature } | CaseFeedEvent }
  | { type: 'ping'; seq: number }
  | { type: 'error'; seq: number; error: { code: string; message: string } };
