import { hasRole, type CaseView } from '@lookout/contracts';
import type { SessionUser } from '../auth/auth.repo.ts';
import { commands } from '../auth/capabilities.ts';
import { AppError } from '../errors.ts';
import type { CasesRepo } from './cases.repo.ts';

/**
 * The one rule of which cases a signed-in user may work on, for reads and writes alike: commanders and admins
 * every case; officers the cases they opened or their unit is assigned to; pilots the cases they fly a drone for
 * (`case_drones`); liaisons none. The case detail, its exports and matches, and every write to a case's
 * caller locations, location links, assignments and matches ask here, so a write can never reach further than
 * the read of the same case.
 */
export function createCaseAccess(
  repo: Pick<CasesRepo, 'get' | 'officerMayRead'>,
  pilots: { pilotAttached(caseId: string, pilotId: string): Promise<boolean> },
) {
  return {
    /** The case when `user` may work on it; 404 when there is none, 403 when it is out of the user's scope. */
    async caseInScope(caseId: string, user: SessionUser): Promise<CaseView> {
      const c = await repo.get(caseId);
      if (!c) throw new AppError('not_found', `No case ${caseId}`);
      // The union of his roles: any one that reaches the case is enough.
      if (commands(user)) return c;
      if (hasRole(user, 'officer') && (await repo.officerMayRead(caseId, user.id))) return c;
      if (hasRole(user, 'pilot') && (await pilots.pilotAttached(caseId, user.id))) return c;
      const rules = [
        hasRole(user, 'officer') ? 'officers work on the cases they opened or are assigned to' : undefined,
        hasRole(user, 'pilot') ? 'pilots work on the cases their drone is attached to' : undefined,
      ].filter(Boolean);
      throw new AppError(
        'forbidden',
        rules.length > 0 ? `Case ${caseId} is out of scope: ${rules.join('; ')}` : `No access to case ${caseId}`,
      );
    },
  };
}

export type CaseAccess = ReturnType<typeof createCaseAccess>;
