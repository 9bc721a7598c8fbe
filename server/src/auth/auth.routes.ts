import type { Router } from 'express';
import { ALL, allow, ANYONE } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import { loginBody, sessionResponse } from '@lookout/contracts';
import { NO_CONTENT } from '../http/contract.ts';
import type { AuthService } from './auth.service.ts';
import { currentUser, SESSION_COOKIE, sessionToken } from './auth.middleware.ts';

export function authRoutes(auth: AuthService, options: { secureCookie: boolean }): Router {
  const r = createRouter();
  r.post(
    '/auth/login',
    allow(ANYONE, {
      summary: 'Sign in: sets the session cookie',
      note: 'growing delays per name and address, a daily cap per address (429); 503 when too many wait',
      body: loginBody,
      response: sessionResponse,
    }),
    async (req, res) => {
      const { user, token, expiresAt } = await auth.login(loginBody.parse(req.body), req.ip);
      res.cookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookie,
        path: '/',
        expires: expiresAt,
      });
      res.json({ user });
    },
  );
  r.post('/auth/logout', allow(ALL, { summary: 'Sign out', response: { 204: NO_CONTENT } }), async (req, res) => {
    await auth.logout(sessionToken(req)!);
    res.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).end();
  });
  r.get('/auth/me', allow(ALL, { summary: 'The signed-in user', response: sessionResponse }), (req, res) => {
    res.json({ user: currentUser(req) });
  });
  return r;
}
