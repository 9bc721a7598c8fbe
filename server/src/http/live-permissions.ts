import type { Role } from '@lookout/db';

/**
 * The live socket (`/api/v1/live`): the upgrade needs a session (live.socket.ts, 401 without); then what each
 * role may send and receive, per message type (live.connection.ts applies it). Rendered into docs/permissions.md.
 */
export type LiveAudience = 'all' | 'own_cases' | 'list_steps' | 'none';

export interface LivePermission {
  direction: 'client' | 'server';
  type: string;
  /** What each role receives (server messages) or may send (client messages). */
  roles: Record<Role, LiveAudience>;
  note?: string;
}

const liveAll: Record<Role, LiveAudience> = {
  pilot: 'all',
  officer: 'all',
  liaison: 'all',
  commander: 'all',
  admin: 'all',
};
const liveMap: Record<Role, LiveAudience> = { ...liveAll, liaison: 'none' };
const liveCase: Record<Role, LiveAudience> = { ...liveMap, pilot: 'own_cases', officer: 'own_cases' };

export const LIVE_PERMISSIONS: readonly LivePermission[] = [
  { direction: 'client', type: 'resume', roles: liveAll },
  { direction: 'client', type: 'pong', roles: liveAll },
  { direction: 'server', type: 'snapshot', roles: liveAll, note: 'liaisons: without drones and sightings' },
  { direction: 'server', type: 'positions', roles: liveMap, note: 'drone fixes and officers’ unit positions' },
  { direction: 'server', type: 'event:sighting', roles: liveMap },
  {
    direction: 'server',
    type: 'event:case_event',
    roles: { ...liveAll, pilot: 'list_steps', officer: 'list_steps' },
    note:
      'officers and pilots: every step of their own cases (opened, assigned, flown for), of the others only ' +
      'opened/acknowledged/closed; a user with several roles gets the widest of them',
  },
  { direction: 'server', type: 'event:caller_location', roles: liveCase },
  { direction: 'server', type: 'event:match', roles: liveCase },
  { direction: 'server', type: 'event:assignment', roles: liveCase },
  {
    direction: 'server',
    type: 'event:coverage_changed',
    roles: liveCase,
    note: 'a case’s covered ground grew; at most one per case every 3 s',
  },
  { direction: 'server', type: 'ping', roles: liveAll },
  { direction: 'server', type: 'error', roles: liveAll },
];
