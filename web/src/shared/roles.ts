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
