/** Wire types of the case API; every shape is declared once, in @lookout/contracts. */
import type { CaseBrief, CaseView } from '@lookout/contracts';

export type {
  Assignment,
  AssignmentStatus,
  CallerLocationFeature,
  CallerLocationProps,
  CaseDetail,
  CaseEvent,
  CaseFeedEvent as CaseLiveEvent,
  CreatedLink,
  CreateUnitBody as NewOutsideTeam,
  Datum,
  DispatchResult,
  Match,
  MyAssignmentResponse as MyAssignment,
  RingFeature,
  RingsCollection as Rings,
  SubjectCategory,
  TargetInput,
  TeamLink,
  UnitPosition,
  UnitView as Unit,
} from '@lookout/contracts';

/** A row of the case list: the whole case, or an officer's brief row for an open case not his (`brief: true`). */
export type CaseSummary = (CaseView & { brief?: undefined }) | CaseBrief;
