import { request } from '../api.ts';
import type {
  Assignment,
  AssignmentStatus,
  CallerLocationFeature,
  CaseDetail,
  CaseSummary,
  CreatedLink,
  Datum,
  DispatchResult,
  Match,
  MyAssignment,
  NewOutsideTeam,
  SubjectCategory,
  TargetInput,
  TeamLink,
  Unit,
} from './case-types.ts';

export interface OpenCaseInput {
  kind: 'lost_person';
  title: string;
  description?: string;
  reporterPhone?: string;
  subjectCount?: number;
  subjectCategory: SubjectCategory;
  terrain?: string;
  ipp?: { lon: number; lat: number; datum: Datum };
}

export interface ManualLocationInput {
  text?: string;
  lon?: number;
  lat?: number;
  datum?: Datum;
  accuracyM?: number;
  idempotencyKey?: string;
}

const id = encodeURIComponent;

export const caseApi = {
  list: (status: 'open' | 'closed' | 'all' = 'open') =>
    request<{ cases: CaseSummary[] }>('GET', `/cases?status=${status}`),
  open: (body: OpenCaseInput) => request<{ case: CaseSummary }>('POST', '/cases', body),
  detail: (caseId: string) => request<CaseDetail>('GET', `/cases/${id(caseId)}`),
  acknowledge: (caseId: string) => request<{ case: CaseSummary }>('POST', `/cases/${id(caseId)}/acknowledge`),
  close: (caseId: string, body: { outcome: string; note?: string }) =>
    request<{ case: CaseSummary }>('POST', `/cases/${id(caseId)}/close`, body),
  createLink: (caseId: string, phone: string) =>
    request<CreatedLink>('POST', `/cases/${id(caseId)}/location-links`, { phone }),
  revokeLink: (linkId: string) => request<unknown>('POST', `/location-links/${id(linkId)}/revoke`),
  addCallerLocation: (caseId: string, body: ManualLocationInput) =>
    request<CallerLocationFeature>('POST', `/cases/${id(caseId)}/caller-locations`, body),
  matches: (caseId: string) => request<{ matches: Match[] }>('GET', `/cases/${id(caseId)}/matches`),
  confirmMatch: (matchId: number) =>
    request<{ match: Match; case: CaseSummary }>('POST', `/matches/${matchId}/confirm`),
  units: () => request<{ units: Unit[] }>('GET', '/units'),
  addOutsideTeam: (body: NewOutsideTeam) => request<Unit>('POST', '/units', body),
  reissueTeamLink: (assignmentId: string) => request<TeamLink>('POST', `/assignments/${id(assignmentId)}/team-link`),
  revokeTeamLink: (linkId: string) =>
    request<{ id: string; revokedAt: string }>('POST', `/team-links/${id(linkId)}/revoke`),
  assign: (caseId: string, unitId: string, target: TargetInput) =>
    request<DispatchResult>('POST', `/cases/${id(caseId)}/assignments`, { unitId, target }),
  setStatus: (
    assignmentId: string,
    status: Exclude<AssignmentStatus, 'dispatched'>,
    idempotencyKey: string,
    tappedAt?: string,
  ) =>
    request<Assignment>('POST', `/assignments/${id(assignmentId)}/status`, {
      status,
      idempotencyKey,
      ...(tappedAt ? { tappedAt } : {}),
    }),
  myAssignment: () => request<MyAssignment>('GET', '/me/assignment'),
  postPositions: (
    positions: { lon: number; lat: number; accuracy: number | null; t: string; idempotencyKey: string }[],
  ) => request<{ stored: number; duplicates?: number }>('POST', '/me/positions', { positions }),
};
