import { useSyncExternalStore } from 'react';
import { caseApi } from './case-api.ts';
import { onCaseEvent } from './case-feed.ts';
import type { CaseDetail } from './case-types.ts';

/**
 * The case the commander has open, outside React (like the live store): the panel writes the selection, the map
 * layers and the panel read the detail. Live case events for that case reload it (debounced), so caller fixes,
 * matches and dispatches appear without a refresh.
 */
class CaseStore {
  selectedId: string | null = null;
  /** The panel is open on the map page; selecting a case opens it (a click on the board lands on its detail). */
  panelOpen = false;
  detail: CaseDetail | null = null;
  error: string | null = null;
  /** Bumped on any live event for any case (the list reloads on it). */
  listVersion = 0;
  #version = 0;
  #listeners = new Set<() => void>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #feedOn = false;

  get version(): number {
    return this.#version;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    if (!this.#feedOn) {
      this.#feedOn = true;
      onCaseEvent((e) => {
        this.listVersion++;
        if (e.caseId === this.selectedId) this.reloadSoon();
        else this.#emit();
      });
    }
    return () => this.#listeners.delete(fn);
  };

  #emit(): void {
    this.#version++;
    for (const fn of this.#listeners) fn();
  }

  setPanelOpen(open: boolean): void {
    this.panelOpen = open;
    this.#emit();
  }

  select(id: string | null): void {
    this.selectedId = id;
    if (id) this.panelOpen = true;
    this.detail = null;
    this.error = null;
    this.#emit();
    if (id) void this.reload();
  }

  reloadSoon(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reload(), 250);
  }

  async reload(): Promise<void> {
    const id = this.selectedId;
    if (!id) return;
    try {
      const d = await caseApi.detail(id);
      if (this.selectedId !== id) return;
      this.detail = d;
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
    this.#emit();
  }
}

export const caseStore = new CaseStore();

export function useCaseStore(): CaseStore {
  useSyncExternalStore(caseStore.subscribe, () => caseStore.version);
  return caseStore;
}

/** One-shot map pick: the next click on the map gives its lon/lat (the panel shows "请在地图上点一下"). */
export type PickHandler = (lonLat: [number, number]) => void;
