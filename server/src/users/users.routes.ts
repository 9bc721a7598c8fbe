import type { Router } from 'express';
import type { AuthService } from '../auth/auth.service.ts';
import { currentUser } from '../auth/auth.middleware.ts';
import { ADMIN, allow } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import {
  createdUserResponse,
  createUserBody,
  passwordResetResponse,
  resetPasswordBody,
  revokedSessions,
  rolesBody,
  sessionListResponse,
  sessionParams,
  stationBody,
  userIdParam,
  userListResponse,
  userResponse,
  userSessionsRevoked,
} from '@lookout/contracts';
import type { UsersService } from './users.service.ts';

/** User management, for admins only. */
export function usersRoutes(users: UsersService, auth: AuthService): Router {
  const r = createRouter();
  const stationNote = 'the station of the cases he opens (reports); null = STATION_NAME';
  const id = (req: { params: unknown }) => userIdParam.parse(req.params).id;
  r.get('/users', allow(ADMIN, { summary: 'Every user', response: userListResponse }), async (_req, res) => {
    res.json({ users: await users.list() });
  });
  const create = allow(ADMIN, {
    summary: 'Create a user (a generated password is shown once)',
    body: createUserBody,
    response: createdUserResponse,
    status: 201,
  });
  r.post('/users', create, async (req, res) => {
    res.status(201).json(await users.create(createUserBody.parse(req.body)));
  });
  const disable = allow(ADMIN, {
    summary: 'Disable a user',
    note: 'not himself; revokes every session',
    params: userIdParam,
    response: userSessionsRevoked,
  });
  r.post('/users/:id/disable', disable, async (req, res) => {
    res.json(await users.setDisabled(id(req), true, currentUser(req)));
  });
  const enable = allow(ADMIN, {
    summary: 'Enable a user',
    note: 'not himself',
    params: userIdParam,
    response: userSessionsRevoked,
  });
  r.post('/users/:id/enable', enable, async (req, res) => {
    res.json(await users.setDisabled(id(req), false, currentUser(req)));
  });
  r.post(
    '/users/:id/unlock',
    allow(ADMIN, {
      summary: "Clear a user's failed sign-ins",
      note: 'clears the failed-login counts and delays of the user from every address; audited',
      params: userIdParam,
      response: userResponse,
    }),
    async (req, res) => {
      res.json(await users.unlock(id(req), currentUser(req), req.ip));
    },
  );
  const role = allow(ADMIN, {
    summary: "Set a user's roles (he may do what any of them may)",
    note: 'not his own roles; live sockets resume',
    params: userIdParam,
    body: rolesBody,
    response: userResponse,
  });
  r.put('/users/:id/roles', role, async (req, res) => {
    res.json(await users.setRoles(id(req), rolesBody.parse(req.body).roles, currentUser(req)));
  });
  const station = allow(ADMIN, {
    summary: "Set a user's station",
    note: stationNote,
    params: userIdParam,
    body: stationBody,
    response: userResponse,
  });
  r.put('/users/:id/station', station, async (req, res) => {
    res.json(await users.setStation(id(req), stationBody.parse(req.body).station));
  });
  const password = allow(ADMIN, {
    summary: "Reset a user's password (a generated one is shown once)",
    note: 'revokes every session',
    params: userIdParam,
    body: resetPasswordBody,
    response: passwordResetResponse,
  });
  r.post('/users/:id/password', password, async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json(await users.resetPassword(id(req), resetPasswordBody.parse(req.body ?? {}).password));
  });
  const sessions = allow(ADMIN, { summary: "A user's sessions", params: userIdParam, response: sessionListResponse });
  r.get('/users/:id/sessions', sessions, async (req, res) => {
    const user = await users.get(id(req));
    res.json({ sessions: await auth.listSessions(user.id) });
  });
  const revokeAll = allow(ADMIN, {
    summary: 'Revoke every session of a user',
    params: userIdParam,
    response: revokedSessions,
  });
  r.delete('/users/:id/sessions', revokeAll, async (req, res) => {
    const user = await users.get(id(req));
    res.json({ revoked: await auth.revokeSessions(user.id) });
  });
  const revokeOne = allow(ADMIN, {
    summary: 'Revoke one session of a user',
    params: sessionParams,
    response: revokedSessions,
  });
  r.delete('/users/:id/sessions/:sessionId', revokeOne, async (req, res) => {
    const { id: userId, sessionId } = sessionParams.parse(req.params);
    const user = await users.get(userId);
    res.json({ revoked: await auth.revokeSessions(user.id, sessionId) });
  });
  return r;
}
