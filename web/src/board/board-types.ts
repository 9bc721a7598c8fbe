/** GET /api/v1/board: every shape is declared once, in @lookout/contracts. */
export type { BoardCase, BoardResponse as BoardAnswer, BoardStep, Urgency } from '@lookout/contracts';
