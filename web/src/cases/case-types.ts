/** Wire types of docs/api.md, section "Issue 4" (cases, caller locations, matches, dispatch). */
import type {
  Assignment,
  CallerLocationFeature,
  CaseEvent,
  CaseKind,
  CaseStatus,
  Datum,
  DispatchOutcome,
  FeatureCollection,
  Match,
  SubjectCategory,
} from '@lookout/contracts';

export type {
  Assignment,
  AssignmentStatus,
  CallerLocationFeature,
  CallerLocationProps,
  CaseEvent,
  CaseFeedEvent as CaseLiveEvent,
  Datum,
  Match,
  SubjectCategory,
  UnitPosition,
} from '@lookout/contracts';

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
