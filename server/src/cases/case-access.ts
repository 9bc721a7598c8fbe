import type { CaseView } from '@lookout/contracts';
import type { SessionUser } from '../auth/auth.repo.ts';
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
      switch (user.role) {
        case 'commander':
        case 'admin':
          return c;
        case 'officer':
          if (await repo.officerMayRead(caseId, user.id)) return c;
          throw new AppError('forbidden', 'Officers work on the cases they opened or are assigned to');
        case 'pilot':
          if (await pilots.pilotAttached(caseId, user.id)) return c;
          throw new AppError('forbidden', 'Pilots work on the cases their drone is attached to');
        case 'liaison':
          throw new AppError('forbidden', `A ${user.role} has no access to case ${caseId}`);
      }
    },
  };
}

export type CaseAccess = ReturnType<typeof createCaseAccess>;
