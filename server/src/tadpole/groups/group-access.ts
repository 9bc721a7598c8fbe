import { hasRole, type SessionUser } from '@lookout/contracts';
import { AppError } from '../../errors.ts';

/** Commanders and admins manage every group; a liaison manages the groups he answers for. */
export function managesAllGroups(user: SessionUser): boolean {
  return hasRole(user, 'commander', 'admin');
}

/** Throws 403 unless `user` may change, disable or test the group whose liaison is `liaisonId`. */
export function mustManage(user: SessionUser, group: { liaisonId: string | null }): void {
  if (managesAllGroups(user)) return;
  if (hasRole(user, 'liaison') && group.liaisonId === user.id) return;
  throw new AppError('forbidden', 'Only the group’s own liaison or a commander may change it');
}

/**
 * The liaison a group gets when `user` writes `wanted` (undefined = not given): a liaison keeps his groups to
 * himself and cannot hand one to somebody else; a commander names anyone (or nobody).
 */
export function liaisonFor(user: SessionUser, wanted: string | null | undefined, current?: string | null) {
  if (managesAllGroups(user)) return wanted === undefined ? (current ?? null) : wanted;
  if (wanted !== undefined && wanted !== user.id) {
    throw new AppError('forbidden', 'A liaison cannot give a group to another liaison; ask a commander');
  }
  return user.id;
}
