import type { CoveragePlanBody, CoveragePlanResponse, CoverageResponse } from '@lookout/contracts';
import { request } from '../api.ts';

const id = encodeURIComponent;

export const coverageApi = {
  /** The case's coverage now, or as it stood at `at` (ISO time; the replay). */
  get: (caseId: string, at?: string) =>
    request<CoverageResponse>('GET', `/cases/${id(caseId)}/coverage${at ? `?at=${id(at)}` : ''}`),
  plan: (caseId: string, body: CoveragePlanBody) =>
    request<CoveragePlanResponse>('POST', `/cases/${id(caseId)}/coverage/plan`, body),
};
