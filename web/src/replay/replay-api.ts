import { request } from '../api.ts';
import type { ReplayData } from './replay-types.ts';

export const replayApi = {
  load: (caseId: string) => request<ReplayData>('GET', `/cases/${encodeURIComponent(caseId)}/replay`),
};
