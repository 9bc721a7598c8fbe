import type { Router } from 'express';
import { allow, COMMAND } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { BoardService } from './board.service.ts';
import { boardQuery } from '@lookout/contracts';

export function boardRoutes(board: BoardService): Router {
  const r = createRouter();
  const access = allow(
    COMMAND,
    'every open case of every kind, with its clocks; `?cases=<id>,…` only those (at most 50)',
  );
  r.get('/board', access, async (req, res) => {
    const { cases } = boardQuery.parse(req.query);
    res.json(await board.board(cases));
  });
  r.get(
    '/board/drone-health',
    allow(COMMAND, 'DJI health warnings of the last 30 min, active first; the board polls it'),
    async (_req, res) => {
      res.json(await board.droneHealth());
    },
  );
  return r;
}
