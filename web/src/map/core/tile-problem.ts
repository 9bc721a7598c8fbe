import { useSyncExternalStore } from 'react';

/**
 * Whether the basemap's tiles fail to load (the tile server is down or unreachable), with the last error: the map
 * says so, and everything Lookout draws goes on over the empty background. Cleared by the next tile that loads.
 */
let problem: string | null = null;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((fn) => fn());

export const tileProblem = {
  set(message: string): void {
    if (problem === message) return;
    problem = message;
    emit();
  },
  clear(): void {
    if (problem === null) return;
    problem = null;
    emit();
  },
};

export function useTileProblem(): string | null {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    () => problem,
  );
}
