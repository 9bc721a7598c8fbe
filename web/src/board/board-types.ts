/** GET /api/v1/board (server/src/board/board.service.ts). */
import type { BoardStep, CaseKind, Urgency } from '@lookout/contracts';

export type { BoardStep, Urgency };

export interface BoardCase {
  id: string;
  kind: CaseKind;
  title: string;
  createdAt: string;
  ageS: number;
  step: string;
  clock: {
    step: BoardStep;
    from: BoardStep;
    startedAt: string | null;
    elapsedS: number | null;
    targetS: number;
  } | null;
  urgency: Urgency;
  alertId: string | null;
  counts: { units: number; matches: number; tips: number; alerts: number };
  /** The liaison asked the police to retract the alert; the case waits for an officer. */
  retractionRequestedAt?: string | null;
}

export interface BoardAnswer {
  now: string;
  cases: BoardCase[];
}
