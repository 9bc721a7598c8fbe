import { useSyncExternalStore } from 'react';

const subscribe = (fn: () => void) => {
  document.addEventListener('visibilitychange', fn);
  return () => document.removeEventListener('visibilitychange', fn);
};

/** Whether the tab is shown: a hidden tab stops its video downloads and picks the live edge up when shown again. */
export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribe, () => !document.hidden);
}
