import { useSyncExternalStore } from 'react';
import type { SectorFeature } from '@lookout/contracts';
import { onCaseEvent } from '../cases/case-feed.ts';
import { sectorsApi } from './sectors-api.ts';

/**
 * The sectors of one case, outside React (like the case store): the commander's and pilot's map layer, the case
 * panel's list and the officer's phone read them. A `sector*` step of that case on the live feed reloads them, so
 * a split, an assignment or a status set on another screen shows without a refresh. It also holds the outline the
 * commander is drawing (WGS-84 points) and the sector picked in the list.
 */
class SectorStore {
  caseId: string | null = null;
  sectors: SectorFeature[] = [];
  error: string | null = null;
  /** What the last change from this screen was refused for (shown in the panel until the next change). */
  actionError: string | null = null;
  /** The sector picked in the list (highlighted on the map). */
  selectedId: string | null = null;
  /** The outline being drawn, or null when not drawing. */
  draft: [number, number][] | null = null;
  /** The sector whose outline is being redrawn (改边界), or null when the draft is a new sector. */
  reshapeId: string | null = null;
  #version = 0;
  #listeners = new Set<() => void>();
  #feedOn = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #loading = 0;

  get version(): number {
    return this.#version;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    if (!this.#feedOn) {
      this.#feedOn = true;
      onCaseEvent((e) => {
        if (e.kind === 'case_event' && e.caseId === this.caseId && e.type.startsWith('sector')) this.reloadSoon();
      });
    }
    return () => this.#listeners.delete(fn);
  };

  #emit(): void {
    this.#version++;
    for (const fn of this.#listeners) fn();
  }

  /** Show this case's sectors (null: none); the same case again keeps what is shown and reloads. */
  show(caseId: string | null): void {
    if (caseId !== this.caseId) {
      this.caseId = caseId;
      this.sectors = [];
      this.selectedId = null;
      this.draft = null;
      this.reshapeId = null;
      this.error = null;
      this.actionError = null;
      this.#emit();
    }
    if (caseId) void this.reload();
  }

  reloadSoon(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reload(), 200);
  }

  async reload(): Promise<void> {
    const id = this.caseId;
    if (!id) return;
    const mine = ++this.#loading;
    try {
      const fc = await sectorsApi.list(id);
      if (this.caseId !== id || mine !== this.#loading) return;
      this.sectors = fc.features;
      this.error = null;
    } catch (err) {
      if (this.caseId !== id) return;
      this.error = err instanceof Error ? err.message : String(err);
    }
    this.#emit();
  }

  fail(message: string | null): void {
    this.actionError = message;
    this.#emit();
  }

  select(id: string | null): void {
    this.selectedId = id;
    this.#emit();
  }

  /** Starts drawing a new sector, or with `reshapeId` a new outline for that sector. */
  startDraft(reshapeId: string | null = null): void {
    this.draft = [];
    this.reshapeId = reshapeId;
    this.#emit();
  }

  /** A point clicked while drawing; a second click on the same spot (a double click) adds nothing. */
  addPoint(p: [number, number]): void {
    if (!this.draft) return;
    const last = this.draft[this.draft.length - 1];
    if (last && Math.abs(last[0] - p[0]) < 1e-7 && Math.abs(last[1] - p[1]) < 1e-7) return;
    this.draft = [...this.draft, p];
    this.#emit();
  }

  /** Ends drawing; returns the points drawn. */
  endDraft(): [number, number][] {
    const pts = this.draft ?? [];
    this.draft = null;
    this.reshapeId = null;
    this.#emit();
    return pts;
  }
}

export const sectorStore = new SectorStore();

export function useSectorStore(): SectorStore {
  useSyncExternalStore(sectorStore.subscribe, () => sectorStore.version);
  return sectorStore;
}
