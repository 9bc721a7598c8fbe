import { Router } from 'express';
import { requireRole } from '../auth/auth.middleware.ts';
import type { BoardService } from './board.service.ts';

/** Mounted behind `requireSession`. */
export function boardRoutes(board: BoardService): Router {
  const r = Router();
  r.get('/board', requireRole('commander', 'admin'), async (_req, res) => {
    res.json(await board.board());
  });
  return r;
}
