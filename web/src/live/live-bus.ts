/**
 * The live socket's messages by kind, for the features that want them: the socket controller publishes each
 * event under its `kind` (`case_event`, `assignment`, `match`, …) and officers' positions under `units`; a feature
 * subscribes to the kinds it shows. The live pipe knows no feature; kept outside React like the live store.
 */
type Handler = (payload: unknown) => void;

const topics = new Map<string, Set<Handler>>();

export function publishLive(kind: string, payload: unknown): void {
  for (const fn of topics.get(kind) ?? []) fn(payload);
}

/** Returns the unsubscribe function. */
export function subscribeLive(kinds: string | readonly string[], fn: Handler): () => void {
  const list = typeof kinds === 'string' ? [kinds] : kinds;
  for (const kind of list) {
    const set = topics.get(kind) ?? new Set<Handler>();
    set.add(fn);
    topics.set(kind, set);
  }
  return () => {
    for (const kind of list) topics.get(kind)?.delete(fn);
  };
}
