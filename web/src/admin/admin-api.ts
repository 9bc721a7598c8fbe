import { request } from '../api.ts';
import type { Role } from '../api-types.ts';

/** A user as GET /users lists it. */
export interface AdminUser {
  id: string;
  username: string;
  displayName: string;
  /** What he may do is the union of these. */
  roles: Role[];
  /** Null = the home station (STATION_NAME). */
  station: string | null;
  disabled: boolean;
  createdAt: string;
  activeSessions: number;
  /** Set while failed logins hold the name back from some address: until when, and the failures counted. */
  locked: { until: string; failures: number } | null;
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  remoteAddr: string | null;
  active: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  remoteAddr: string | null;
  detail: Record<string, unknown>;
}

const u = (id: string) => `/users/${encodeURIComponent(id)}`;

export const adminApi = {
  users: () => request<{ users: AdminUser[] }>('GET', '/users'),
  createUser: (body: { username: string; displayName?: string; roles: Role[] }) =>
    request<{ user: AdminUser; password?: string }>('POST', '/users', body),
  setDisabled: (id: string, disabled: boolean) =>
    request<{ user: AdminUser; revoked: number }>('POST', `${u(id)}/${disabled ? 'disable' : 'enable'}`),
  unlock: (id: string) => request<{ user: AdminUser }>('POST', `${u(id)}/unlock`, {}),
  setRoles: (id: string, roles: Role[]) => request<{ user: AdminUser }>('PUT', `${u(id)}/roles`, { roles }),
  setStation: (id: string, station: string | null) =>
    request<{ user: AdminUser }>('PUT', `${u(id)}/station`, { station }),
  resetPassword: (id: string) =>
    request<{ user: AdminUser; password?: string; revoked: number }>('POST', `${u(id)}/password`, {}),
  sessions: (id: string) => request<{ sessions: SessionInfo[] }>('GET', `${u(id)}/sessions`),
  revokeSessions: (id: string, sessionId?: string) =>
    request<{ revoked: number }>(
      'DELETE',
      sessionId ? `${u(id)}/sessions/${encodeURIComponent(sessionId)}` : `${u(id)}/sessions`,
    ),
  audit: (query: string) =>
    request<{ entries: AuditEntry[]; next: number | null }>('GET', `/audit${query ? `?${query}` : ''}`),
};

/** The CSV export link (a plain download: the session cookie goes with it). */
export const auditCsvHref = (query: string): string => `/api/v1/audit.csv${query ? `?${query}` : ''}`;
