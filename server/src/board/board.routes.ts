import { Router } from 'express';
import { requireRole } from '../auth/auth.middleware.ts';
import type { BoardService } from './board.service.ts';
import { boardQuery } from './board.schemas.ts';

/** Mounted behind `requireSession`. */
export function boardRoutes(board: BoardService): Router {
  const r = Router();
  r.get('/board', requireRole('commander', 'admin'), async (req, res) => {
    const { cases } = boardQuery.parse(req.query);
    res.json(await board.board(cases));
  });
  return r;
}
