import { z } from 'zod';
import {
  boardSteps,
  caseKinds,
  caseOutcomes,
  caseStatuses,
  caseSteps,
  statusFilters,
  subjectCategories,
} from '../enums.ts';
import { pointInput } from './point-input.ts';
import { featureCollection, lonLat } from '../geojson.ts';
import { assignment, callerLocationFeature, caseEvent, match } from '../case-feed.ts';
import { callerBattery } from '../caller-battery.ts';

export const openCaseBody = z.object({
  kind: z.literal('lost_person'),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  reporterPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number')
    .optional(),
  subjectCount: z.number().int().min(1).max(1000).optional(),
  subjectCategory: z.enum(subjectCategories),
  terrain: z.string().max(40).optional(),
  ipp: pointInput.optional(),
});
export type OpenCaseBody = z.infer<typeof openCaseBody>;

export const listCasesQuery = z.object({ status: z.enum(statusFilters).default('open') });
export const matchIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const closeCaseBody = z.object({
  outcome: z.enum(caseOutcomes),
  note: z.string().trim().max(2000).optional(),
});
export type CloseCaseBody = z.infer<typeof closeCaseBody>;

/** A clock correction (issue 6): a step's time said again, with the reason; the original events stay. */
export const clockCorrectionBody = z.object({
  step: z.string().trim().min(1).max(40),
  at: z.iso.datetime({ offset: true }),
  reason: z.string().trim().min(3).max(500),
});
export type ClockCorrectionBody = z.infer<typeof clockCorrectionBody>;

/** Each step's time by the server's clocks (server/src/board/case-clocks.ts), the one rule for every view. */
export const stepTimes = z.record(z.enum(boardSteps), z.string().nullable());
export type StepTimes = z.infer<typeof stepTimes>;

/** A case as staff see it. */
export const caseView = z
  .object({
    id: z.string(),
    kind: z.enum(caseKinds),
    status: z.enum(caseStatuses),
    title: z.string(),
    description: z.string().nullable(),
    reporterPhone: z.string().nullable(),
    subjectCount: z.number().nullable(),
    subjectCategory: z.enum(subjectCategories).nullable(),
    terrain: z.string().nullable(),
    ipp: lonLat.nullable(),
    targetSightingId: z.number().nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    /** The `acknowledged` step of the clocks: a commander's acknowledgement or a tadpole's verification. */
    acknowledgedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    step: z.enum(caseSteps),
    times: stepTimes,
  })
  .meta({ id: 'CaseView' });
export type CaseView = z.infer<typeof caseView>;

/**
 * What an officer sees of an open case that is not his: enough to know it is there and where it stands — no
 * caller's phone, no description, nothing of a tadpole case file.
 */
export const caseBriefView = caseView
  .pick({
    id: true,
    kind: true,
    status: true,
    title: true,
    subjectCategory: true,
    subjectCount: true,
    createdAt: true,
    acknowledgedAt: true,
    closedAt: true,
    step: true,
    ipp: true,
  })
  .extend({ brief: z.literal(true) });
export type CaseBrief = z.infer<typeof caseBriefView>;

/** GET /cases. */
export const caseListResponse = z.object({ cases: z.array(z.union([caseView, caseBriefView])) });
export type CaseListResponse = z.infer<typeof caseListResponse>;

/** One ISRID ring around the IPP: the share of subjects found within it. */
export const ringFeature = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) }),
  properties: z.object({ percent: z.number(), radiusM: z.number(), label: z.string() }),
});
export type RingFeature = z.infer<typeof ringFeature>;
export const ringsCollection = featureCollection(ringFeature).extend({ source: z.string() });
export type RingsCollection = z.infer<typeof ringsCollection>;

/** A drone flying for a case, and who flies it. */
export const caseDrone = z
  .object({
    droneId: z.string(),
    callsign: z.string(),
    /** The pilot flying it for this case; null when the commander attached it without naming one. */
    pilotId: z.string().nullable(),
    pilotName: z.string().nullable(),
    attachedAt: z.string(),
    attachedBy: z.string().nullable(),
  })
  .meta({ id: 'CaseDrone' });
export type CaseDrone = z.infer<typeof caseDrone>;

/** GET /cases/:id. */
export const caseDetail = z.object({
  case: caseView,
  events: z.array(caseEvent),
  callerLocations: featureCollection(callerLocationFeature),
  /** The caller's battery from the fixes above (`estimateCallerBattery`). */
  callerBattery,
  matches: z.array(match),
  assignments: z.array(assignment),
  rings: ringsCollection.nullable(),
  /** The drones flying for the case and their pilots. */
  drones: z.array(caseDrone),
});
export type CaseDetail = z.infer<typeof caseDetail>;

/** POST /cases, /cases/:id/acknowledge, /cases/:id/close. */
export const caseResponse = z.object({ case: caseView });
export type CaseResponse = z.infer<typeof caseResponse>;

/** POST /cases/:id/clock-corrections: the `clock_corrected` event and the step times it gives. */
export const clockCorrectionResponse = z.object({ correction: caseEvent, times: stepTimes });

/** GET /cases/:id/matches. */
export const matchesResponse = z.object({ matches: z.array(match) });

/** POST /matches/:id/confirm: the match and its case as the caller may read it. */
export const confirmedMatch = z.object({ match, case: caseView });
