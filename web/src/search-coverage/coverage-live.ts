import { subscribeLive } from '../live/live-bus.ts';
import { liveStore } from '../live/store.ts';

/** Announcements arriving together (several passes, a reconnect) make one reload. */
export const COVERAGE_RELOAD_DEBOUNCE_MS = 300;

/**
 * Calls `reload` (debounced) when the live socket says the case's coverage grew (`coverage_changed`), and on every
 * opening of the socket: what changed while it was away came by no event. Returns the function that stops it.
 */
export function followLiveCoverage(
  caseId: string,
  reload: () => void,
  debounceMs = COVERAGE_RELOAD_DEBOUNCE_MS,
): () => void {
  let soon: ReturnType<typeof setTimeout> | null = null;
  const reloadSoon = () => {
    if (soon) return;
    soon = setTimeout(() => {
      soon = null;
      reload();
    }, debounceMs);
  };
  const offEvent = subscribeLive('coverage_changed', (e) => {
    if ((e as { caseId?: unknown }).caseId === caseId) reloadSoon();
  });
  let wasOpen = liveStore.conn.status === 'open';
  const offConn = liveStore.subscribe('conn', () => {
    const open = liveStore.conn.status === 'open';
    if (open && !wasOpen) reloadSoon();
    wasOpen = open;
  });
  return () => {
    offEvent();
    offConn();
    if (soon) clearTimeout(soon);
    soon = null;
  };
}
