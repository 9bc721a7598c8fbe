import type { Router } from 'express';
import { allow, COMMAND } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { BoardService } from './board.service.ts';
import { boardQuery, boardResponse } from '@lookout/contracts';

export function boardRoutes(board: BoardService): Router {
  const r = createRouter();
  const access = allow(COMMAND, {
    summary: 'The duty board',
    note: 'every open case of every kind, with its clocks; `?cases=<id>,…` only those (at most 50)',
    query: boardQuery,
    response: boardResponse,
  });
  r.get('/board', access, async (req, res) => {
    const { cases } = boardQuery.parse(req.query);
    res.json(await board.board(cases));
  });
  return r;
}
