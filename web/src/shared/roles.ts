import type { Role } from '../api-types.ts';

/**
 * Who may do what in the interface, by role. The server decides access on every request; these only choose
 * what to show, so a control the server would refuse is not offered.
 */

/** Runs cases: dispatches units, sees the board, retries deliveries. */
export const commands = (role: Role): boolean => role === 'commander' || role === 'admin';

/** Hands alerts on to community groups (forward kits). */
export const forwardsAlerts = (role: Role): boolean => role === 'liaison' || commands(role);

/** Sees the aircraft side: drones, docks, sightings (everyone but community liaisons). */
export const seesAircraft = (role: Role): boolean => role !== 'liaison';

/** Station staff in the field or at the desk. */
export const isStaff = (role: Role): boolean => role === 'officer' || commands(role);

/** Flies for cases: marks sightings on his map and hands them to the ground team. */
export const fliesForCases = (role: Role): boolean => role === 'pilot';

/** Sees a case's rings, caller fixes and units on the map: staff, and the pilot who flies for the case. */
export const seesCaseMap = (role: Role): boolean => isStaff(role) || fliesForCases(role);

/** Keeps community groups: liaisons their own, commanders and admins every one. */
export const managesGroups = (role: Role): boolean => forwardsAlerts(role);

/** Changes any community group, not only the ones he is the liaison of. */
export const managesAllGroups = (role: Role): boolean => commands(role);
