import { hasRole } from '@lookout/contracts';
import type { Role } from '../api-types.ts';

/**
 * Who may do what in the interface, from the union of the user's roles. The server decides access on every
 * request; these only choose what to show, so a control the server would refuse is not offered.
 */
export interface RoleHolder {
  readonly roles: readonly Role[];
}

/** Runs cases: dispatches units, sees the board, retries deliveries. */
export const commands = (u: RoleHolder): boolean => hasRole(u, 'commander', 'admin');

/** Hands alerts on to community groups (forward kits). */
export const forwardsAlerts = (u: RoleHolder): boolean => hasRole(u, 'liaison', 'commander', 'admin');

/** Sees the aircraft side: drones, docks, sightings (everyone but a community liaison with no other role). */
export const seesAircraft = (u: RoleHolder): boolean => hasRole(u, 'pilot', 'officer', 'commander', 'admin');

/** Station staff in the field or at the desk. */
export const isStaff = (u: RoleHolder): boolean => hasRole(u, 'officer', 'commander', 'admin');

/** Goes out on the ground: has a unit and the guidance view. */
export const worksOnTheGround = (u: RoleHolder): boolean => hasRole(u, 'officer');

/** Flies for cases: marks sightings on his map and hands them to the ground team. */
export const fliesForCases = (u: RoleHolder): boolean => hasRole(u, 'pilot');

/** Sees a case's rings, caller fixes and units on the map: staff, and the pilot who flies for the case. */
export const seesCaseMap = (u: RoleHolder): boolean => isStaff(u) || fliesForCases(u);

/** Manages accounts. */
export const administers = (u: RoleHolder): boolean => hasRole(u, 'admin');

/** Confirms tips and sightings and records the reunion: anyone but a community liaison with no other role. */
export const verifiesReports = (u: RoleHolder): boolean => seesAircraft(u);

/** Keeps community groups: liaisons their own, commanders and admins every one. */
export const managesGroups = (u: RoleHolder): boolean => forwardsAlerts(u);

/** Changes any community group, not only the ones he is the liaison of. */
export const managesAllGroups = (u: RoleHolder): boolean => commands(u);
