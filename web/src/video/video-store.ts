import { useSyncExternalStore } from 'react';

/** The drone whose video the map page shows, and the case it flies for (a snapshot becomes that case's sighting). */
export interface OpenVideo {
  droneId: string;
  caseId: string | null;
}

let open: OpenVideo | null = null;
const listeners = new Set<() => void>();
const emit = () => {
  for (const fn of listeners) fn();
};

/** Opens the map page's video panel on this drone (from the drone panel or a case's drone list). */
export function openVideo(droneId: string, caseId: string | null): void {
  open = { droneId, caseId };
  emit();
}

export function closeVideo(): void {
  open = null;
  emit();
}

export function useOpenVideo(): OpenVideo | null {
  return useSyncExternalStore(
    (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    () => open,
  );
}
