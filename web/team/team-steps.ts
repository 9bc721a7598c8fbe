/**
 * Which buttons the team page offers for an assignment status: forward only, as the server allows
 * (server/src/assignments/assignments.service.ts `allowedFrom`); 撤回 ends any live assignment.
 */
export type Status = 'dispatched' | 'en_route' | 'on_scene' | 'found' | 'stood_down';
export type Step = Exclude<Status, 'dispatched'>;

export const STEPS: readonly Step[] = ['en_route', 'on_scene', 'found', 'stood_down'];

const ORDER: Record<Status, number> = { dispatched: 0, en_route: 1, on_scene: 2, found: 3, stood_down: 3 };

export function stepAllowed(current: Status, step: Step): boolean {
  if (current === 'found' || current === 'stood_down') return false;
  if (step === 'stood_down' || step === 'found') return true;
  return ORDER[step] > ORDER[current];
}

/** The status the page shows after its own queued steps, before the server has them. */
export function statusAfter(current: Status, queued: readonly Step[]): Status {
  let s = current;
  for (const step of queued) if (stepAllowed(s, step)) s = step;
  return s;
}
