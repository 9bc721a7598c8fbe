import { Router } from 'express';
import { loginBody } from './auth.schemas.ts';
import type { AuthService } from './auth.service.ts';
import { currentUser, requireSession, SESSION_COOKIE, sessionToken } from './auth.middleware.ts';

export function authRoutes(auth: AuthService, options: { secureCookie: boolean }): Router {
  const r = Router();
  r.post('/auth/login', async (req, res) => {
    const { user, token, expiresAt } = await auth.login(loginBody.parse(req.body), req.ip);
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookie,
      path: '/',
      expires: expiresAt,
    });
    res.json({ user });
  });
  r.post('/auth/logout', requireSession(auth), async (req, res) => {
    await auth.logout(sessionToken(req)!);
    res.clearCookie(SESSION_COOKIE, { path: '/' }).status(204).end();
  });
  r.get('/auth/me', requireSession(auth), (req, res) => {
    res.json({ user: currentUser(req) });
  });
  return r;
}
