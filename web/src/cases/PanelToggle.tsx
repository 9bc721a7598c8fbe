import type { ReactNode } from 'react';
import { caseStore, useCaseStore } from './case-store.ts';

/** The button at the top of the map that opens and closes the case panel (警情 for staff, 我的任务 for a pilot). */
export function PanelToggle({ label, badge, testId }: { label: string; badge?: ReactNode; testId: string }) {
  const store = useCaseStore();
  return (
    <button
      type="button"
      className={`cases-toggle${store.panelOpen ? ' active' : ''}`}
      aria-expanded={store.panelOpen}
      onClick={() => caseStore.setPanelOpen(!store.panelOpen)}
      data-testid={testId}
    >
      {label}
      {badge}
    </button>
  );
}
