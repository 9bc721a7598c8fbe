import { request } from '../api.ts';
import type { CaseEvent } from './case-types.ts';

/** POST /cases/:id/clock-corrections (docs/api.md): the new event and the step times after it. */
export function correctClock(
  caseId: string,
  body: { step: string; at: string; reason: string },
): Promise<{ correction: CaseEvent; times: Record<string, string | null> }> {
  return request('POST', `/cases/${encodeURIComponent(caseId)}/clock-corrections`, body);
}
