import { hasRole } from '@lookout/contracts';
import type { SessionUser } from './auth.repo.ts';

/**
 * What a user may do, from the union of his roles. Services ask these instead of reading one role, so an officer
 * who is also the duty commander gets both sides and a pilot who is also an officer keeps his officer's cases.
 */
type Holder = { readonly roles: readonly SessionUser['roles'][number][] };

/** Runs cases: every case, acknowledge, dispatch, close, the board. */
export const commands = (u: Holder): boolean => hasRole(u, 'commander', 'admin');

/** Station staff in the field or at the desk: sees the caller's number and the whole case file. */
export const isStaff = (u: Holder): boolean => hasRole(u, 'officer', 'commander', 'admin');

/**
 * Works on a case only as its pilot: his reach on the case is his own drones, nothing he could do through
 * another role.
 */
export const actsAsPilotOnly = (u: Holder): boolean => hasRole(u, 'pilot') && !commands(u);
