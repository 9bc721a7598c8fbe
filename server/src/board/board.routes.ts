import type { Router } from 'express';
import { allow, COMMAND } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { BoardService } from './board.service.ts';
import { boardDroneHealthResponse, boardQuery, boardResponse } from '@lookout/contracts';

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
  r.get(
    '/board/drone-health',
    allow(COMMAND, {
      summary: 'Drone health on the board',
      note: 'DJI health warnings of the last 30 min, active first; the board polls it',
      response: boardDroneHealthResponse,
    }),
    async (_req, res) => {
      res.json(await board.droneHealth());
    },
  );
  return r;
}
