import { CLOSE_ROLE_CHANGED, CLOSE_SESSION_ENDED } from '@lookout/contracts';

/** The window event sent with the fresh `/auth/me` user after a role change (`detail` is the user). */
export const SESSION_USER_EVENT = 'lookout:session-user';

/**
 * What the client does when the socket closes: `signed-out` → back to the login page at once (the session was
 * revoked, expired or the user disabled); `reread-user` → read /auth/me again and reconnect under the new role;
 * `reconnect` → any other drop (network, server restart): reconnect, checking the session now and then.
 */
export function closeAction(code: number | undefined): 'signed-out' | 'reread-user' | 'reconnect' {
  if (code === CLOSE_SESSION_ENDED) return 'signed-out';
  if (code === CLOSE_ROLE_CHANGED) return 'reread-user';
  return 'reconnect';
}
