/** Wire types of docs/api.md, section "Issue 4" (cases, caller locations, matches, dispatch). */
import type {
  AssignmentStatus,
  CallerLocationSource,
  CaseKind,
  CaseStatus,
  Datum,
  DispatchOutcome,
  MatchStatus,
  SubjectCategory,
  TargetKind,
} from '@lookout/contracts';
import type { FeatureCollection } from '../api-types.ts';

export type { AssignmentStatus, Datum, SubjectCategory };

export interface CaseSummary {
  id: string;
  /** An officer's row for an open case not his: no phone, no description, and the case itself is refused. */
  brief?: boolean;
  kind: CaseKind;
  status: CaseStatus;
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
  source: CallerLocationSource;
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
  status: MatchStatus;
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

export interface Assignment {
  id: string;
  caseId: string;
  unitId: string;
  unitCallsign?: string;
  status: AssignmentStatus;
  target: {
    kind: TargetKind;
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
export type DispatchResult = Assignment & { outcome: DispatchOutcome };

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

/** Issue-4 events on the live socket (`{"type":"event","event":…}`). */
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
