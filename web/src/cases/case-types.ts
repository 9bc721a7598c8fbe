/** Wire types of docs/api.md (cases, caller locations, matches, dispatch). */
import type { FeatureCollection } from '../api-types.ts';

export type Datum = 'wgs84' | 'gcj02' | 'bd09';
export const DATUMS: readonly Datum[] = ['wgs84', 'gcj02', 'bd09'];

export const SUBJECT_CATEGORIES = [
  'hiker',
  'child_1_3',
  'child_4_6',
  'child_7_9',
  'child_10_12',
  'child_13_15',
  'dementia',
  'autistic',
  'other',
] as const;
export type SubjectCategory = (typeof SUBJECT_CATEGORIES)[number];

export const TERRAINS = ['temperate_mountain', 'temperate_flat', 'dry_mountain', 'dry_flat', 'dry', 'urban'] as const;

export interface CaseSummary {
  id: string;
  /** An officer's row for an open case not his: no phone, no description, and the case itself is refused. */
  brief?: boolean;
  kind: 'lost_person' | 'lost_child' | 'found_child';
  status: 'open' | 'closed';
  title: string;
  description?: string | null;
  reporterPhone?: string | null;
  subjectCategory: SubjectCategory | null;
  subjectCount: number | null;
  terrain?: string | null;
  createdAt: string;
  acknowledgedAt: string | null;
  step: string;
  /** Each step's time by the server's clocks (server/src/board/case-clocks.ts), the one rule for every view. */
  times?: Record<string, string | null>;
  ipp: { lon: number; lat: number } | null;
  targetSightingId: number | null;
}

export interface CaseEvent {
  seq: number;
  type: string;
  at: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

export interface CallerLocationProps {
  id: number;
  caseId: string;
  source: 'link' | 'aml' | 'manual';
  datum: Datum;
  accuracyM: number;
  t: string;
  battery?: number | null;
}

export interface CallerLocationFeature {
  type: 'Feature';
  id?: number | string;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: CallerLocationProps;
}

export interface Match {
  id: number;
  caseId: string;
  callerLocationId: number;
  sightingId: number;
  distanceM: number;
  minutesApart: number;
  score: number;
  status: 'proposed' | 'confirmed' | 'rejected';
  reason: { zh: string; en: string };
  sighting: {
    lon: number;
    lat: number;
    t: string;
    uncM: number | null;
    conf: number | null;
    kind: string;
    count: number | null;
    droneId: string;
    callsign: string;
  };
  callerLocation: { lon: number; lat: number; t: string; accuracyM: number; source: string };
}

export type AssignmentStatus = 'dispatched' | 'en_route' | 'on_scene' | 'found' | 'stood_down';

export interface Assignment {
  id: string;
  caseId: string;
  unitId: string;
  unitCallsign?: string;
  status: AssignmentStatus;
  target: {
    kind: 'match' | 'sighting' | 'caller_location' | 'point';
    ref: string | number | null;
    lon: number;
    lat: number;
  };
  createdAt: string;
  updatedAt: string;
}

/**
 * POST /cases/:id/assignments: the unit's one assignment on the case, new (`dispatched`), given the new target
 * (`retargeted`), or already on its way there (`already_en_route`).
 */
export type DispatchResult = Assignment & { outcome: 'dispatched' | 'retargeted' | 'already_en_route' };

export interface RingFeature {
  type: 'Feature';
  geometry: { type: 'Polygon'; coordinates: [number, number][][] };
  properties: { percent: number; radiusM: number; label: string };
}

export type Rings = FeatureCollection<RingFeature> & { source?: string };

export interface CaseDetail {
  case: CaseSummary;
  events: CaseEvent[];
  callerLocations: FeatureCollection<CallerLocationFeature>;
  matches: Match[];
  assignments: Assignment[];
  rings: Rings | null;
}

export interface Unit {
  id: string;
  callsign: string;
  userId: string;
  position: { lon: number; lat: number; t: string; accuracyM: number | null } | null;
  assignment: Assignment | null;
}

export interface MyAssignment {
  unit?: { id: string; callsign: string };
  assignment: Assignment | null;
  case: CaseSummary | null;
  nearestDrone: { id: string; callsign: string; lon: number; lat: number; t: string } | null;
}

export interface CreatedLink {
  id: string;
  url: string;
  expiresAt: string;
  smsText: string;
  qrSvg: string;
}

export type TargetInput =
  | { kind: 'match' | 'sighting' | 'caller_location'; ref: number | string }
  | { kind: 'point'; lon: number; lat: number; datum: Datum };

/** Events on the live socket (`{"type":"event","event":…}`). */
export type CaseLiveEvent =
  | { kind: 'case_event'; caseId: string; event?: CaseEvent; type?: string }
  | { kind: 'caller_location'; caseId: string; feature: CallerLocationFeature }
  | { kind: 'match'; caseId: string; match: Match }
  | { kind: 'assignment'; caseId: string; assignment: Assignment };

/** Officers' positions riding in `positions` messages. */
export interface UnitPosition {
  unitId: string;
  seq: number;
  t: string;
  lon: number;
  lat: number;
  accuracyM: number | null;
}
