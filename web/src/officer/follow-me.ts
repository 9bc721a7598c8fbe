/**
 * Follow-me: the map keeps the officer in the centre until he pans it himself; a button brings it back. The
 * map's own moves (the ones this state machine asks for) must not count as a pan, so they are tagged.
 */
export type FollowState = { mode: 'following' } | { mode: 'free'; since: number };

export type FollowEvent = { type: 'user_pan'; at: number } | { type: 'recenter' } | { type: 'toggle'; at: number };

export const initialFollow: FollowState = { mode: 'following' };

export function followReducer(s: FollowState, e: FollowEvent): FollowState {
  switch (e.type) {
    case 'user_pan':
      return s.mode === 'following' ? { mode: 'free', since: e.at } : s;
    case 'recenter':
      return { mode: 'following' };
    case 'toggle':
      return s.mode === 'following' ? { mode: 'free', since: e.at } : { mode: 'following' };
  }
}

/** Whether a new own position should move the camera. */
export function shouldRecentre(s: FollowState): boolean {
  return s.mode === 'following';
}

/**
 * Whether a MapLibre move event came from the user: MapLibre sets `originalEvent` on moves made by a finger,
 * mouse or wheel; our own `easeTo` carries `{ followMe: true }` in its event data.
 */
export function isUserMove(e: { originalEvent?: unknown; followMe?: boolean }): boolean {
  return Boolean(e.originalEvent) && !e.followMe;
}
