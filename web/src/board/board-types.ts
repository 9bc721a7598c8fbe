/** GET /api/v1/board (server/src/board/board.service.ts). */
export type Urgency = 'breached' | 'due_soon' | 'ok';
export type BoardStep =
  'reported' | 'acknowledged' | 'dispatched' | 'on_scene' | 'first_broadcast' | 'reunion' | 'closed';

export interface BoardCase {
  id: string;
  kind: 'lost_person' | 'lost_child' | 'found_child';
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
