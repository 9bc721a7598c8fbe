import type { Router } from 'express';
import type { AuthService } from '../auth/auth.service.ts';
import { currentUser } from '../auth/auth.middleware.ts';
import { ADMIN, allow } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import {
  createUserBody,
  resetPasswordBody,
  roleBody,
  sessionParams,
  stationBody,
  userIdParam,
} from '@lookout/contracts';
import type { UsersService } from './users.service.ts';

/** User management, for admins only. */
export function usersRoutes(users: UsersService, auth: AuthService): Router {
  const r = createRouter();
  const admin = allow(ADMIN);
  const stationNote = 'the station of the cases he opens (reports); null = STATION_NAME';
  const id = (req: { params: unknown }) => userIdParam.parse(req.params).id;
  r.get('/users', admin, async (_req, res) => {
    res.json({ users: await users.list() });
  });
  r.post('/users', admin, async (req, res) => {
    res.status(201).json(await users.create(createUserBody.parse(req.body)));
  });
  r.post('/users/:id/disable', allow(ADMIN, 'not himself; revokes every session'), async (req, res) => {
    res.json(await users.setDisabled(id(req), true, currentUser(req)));
  });
  r.post('/users/:id/enable', allow(ADMIN, 'not himself'), async (req, res) => {
    res.json(await users.setDisabled(id(req), false, currentUser(req)));
  });
  r.post(
    '/users/:id/unlock',
    allow(ADMIN, 'clears the failed-login counts and delays of the user from every address; audited'),
    async (req, res) => {
      res.json(await users.unlock(id(req), currentUser(req), req.ip));
    },
  );
  r.put('/users/:id/role', allow(ADMIN, 'not his own role; live sockets resume'), async (req, res) => {
    res.json(await users.setRole(id(req), roleBody.parse(req.body).role, currentUser(req)));
  });
  r.put('/users/:id/station', allow(ADMIN, stationNote), async (req, res) => {
    res.json(await users.setStation(id(req), stationBody.parse(req.body).station));
  });
  r.post('/users/:id/password', allow(ADMIN, 'revokes every session'), async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await users.resetPassword(id(req), resetPasswordBody.parse(req.body ?? {}).password));
  });
  r.get('/users/:id/sessions', admin, async (req, res) => {
    const user = await users.get(id(req));
    res.json({ sessions: await auth.listSessions(user.id) });
  });
  r.delete('/users/:id/sessions', admin, async (req, res) => {
    const user = await users.get(id(req));
    res.json({ revoked: await auth.revokeSessions(user.id) });
  });
  r.delete('/users/:id/sessions/:sessionId', admin, async (req, res) => {
    const { id: userId, sessionId } = sessionParams.parse(req.params);
    const user = await users.get(userId);
    res.json({ revoked: await auth.revokeSessions(user.id, sessionId) });
  });
  return r;
}
