import { Router } from 'express';
import type { AuthService } from '../auth/auth.service.ts';
import { currentUser, requireRole } from '../auth/auth.middleware.ts';
import {
  createUserBody,
  resetPasswordBody,
  roleBody,
  sessionParams,
  stationBody,
  userIdParam,
} from './users.schemas.ts';
import type { UsersService } from './users.service.ts';

/** Mounted behind `requireSession`: user management, for admins only. */
export function usersRoutes(users: UsersService, auth: AuthService): Router {
  const r = Router();
  const admin = requireRole('admin');
  const id = (req: { params: unknown }) => userIdParam.parse(req.params).id;
  r.get('/users', admin, async (_req, res) => {
    res.json({ users: await users.list() });
  });
  r.post('/users', admin, async (req, res) => {
    res.status(201).json(await users.create(createUserBody.parse(req.body)));
  });
  r.post('/users/:id/disable', admin, async (req, res) => {
    res.json(await users.setDisabled(id(req), true, currentUser(req)));
  });
  r.post('/users/:id/enable', admin, async (req, res) => {
    res.json(await users.setDisabled(id(req), false, currentUser(req)));
  });
  r.post('/users/:id/unlock', admin, async (req, res) => {
    res.json(await users.unlock(id(req), currentUser(req), req.ip));
  });
  r.put('/users/:id/role', admin, async (req, res) => {
    res.json(await users.setRole(id(req), roleBody.parse(req.body).role, currentUser(req)));
  });
  r.put('/users/:id/station', admin, async (req, res) => {
    res.json(await users.setStation(id(req), stationBody.parse(req.body).station));
  });
  r.post('/users/:id/password', admin, async (req, res) => {
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
