import type { CoveragePlanResponse, CoverageResponse } from '@lookout/contracts';
import { useSyncExternalStore } from 'react';
import { coverageApi } from './coverage-api.ts';
import { followLiveCoverage } from './coverage-live.ts';
import type { GapPiece } from './coverage-features.ts';
import { planOutline } from './coverage-geometry.ts';

/**
 * The live socket says when a case's coverage grew (`coverage_changed`, at most every 3 s per case): the store
 * reloads then, and on every opening of the socket (what changed while it was away came by no event). This slow
 * poll is only the safety net for a socket that is down or an announcement lost.
 */
export const COVERAGE_POLL_MS = 60_000;

/** Whether anything has been seen yet: only then is the layer on by default. */
export function hasCoverage(res: CoverageResponse | null): boolean {
  return !!res && (res.counted.fixes > 0 || res.counted.walkedPositions > 0);
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The coverage of the case open on the map, outside React like the case store: the map layer and the panel read
 * it; it polls while someone follows a case, and keeps the gap the user picked and the flight suggested for it.
 */
class CoverageStore {
  caseId: string | null = null;
  data: CoverageResponse | null = null;
  error: string | null = null;
  selected: GapPiece | null = null;
  plan: CoveragePlanResponse | null = null;
  planBusy = false;
  planError: string | null = null;
  /** The user's toggle; null until he touches it (then the default: on once there is coverage). */
  #shownChoice: boolean | null = null;
  #version = 0;
  #listeners = new Set<() => void>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #inFlight = false;
  /** A reload asked for while one was in flight: done when it ends. */
  #again = false;
  #offLive: (() => void) | null = null;

  get version(): number {
    return this.#version;
  }

  get shown(): boolean {
    return this.#shownChoice ?? hasCoverage(this.data);
  }

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  };

  #emit(): void {
    this.#version++;
    for (const fn of this.#listeners) fn();
  }

  setShown(shown: boolean): void {
    this.#shownChoice = shown;
    this.#emit();
  }

  /**
   * Follows a case (null: none): fetches its coverage now, again on each `coverage_changed` of the case and each
   * opening of the live socket, and every COVERAGE_POLL_MS while the page is seen.
   */
  follow(caseId: string | null): void {
    if (caseId === this.caseId) return;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#offLive?.();
    this.#offLive = null;
    this.caseId = caseId;
    this.data = null;
    this.error = null;
    this.selected = null;
    this.plan = null;
    this.planError = null;
    this.#emit();
    if (!caseId) return;
    void this.refresh();
    this.#timer = setInterval(() => {
      if (!document.hidden) void this.refresh();
    }, COVERAGE_POLL_MS);
    this.#offLive = followLiveCoverage(caseId, () => void this.refresh());
  }

  async refresh(): Promise<void> {
    const id = this.caseId;
    if (!id) return;
    if (this.#inFlight) {
      this.#again = true;
      return;
    }
    this.#inFlight = true;
    this.#again = false;
    try {
      const res = await coverageApi.get(id);
      if (this.caseId !== id) return;
      this.data = res;
      this.error = null;
    } catch (err) {
      if (this.caseId !== id) return;
      this.error = message(err);
    } finally {
      this.#inFlight = false;
    }
    this.#emit();
    // A change announced while the answer was on its way may not be in it.
    if (this.#again && this.caseId === id) void this.refresh();
  }

  selectGap(gap: GapPiece | null): void {
    this.selected = gap;
    this.plan = null;
    this.planError = null;
    this.#emit();
  }

  /** Asks for a lawnmower over the selected gap at `altitudeM`. */
  async suggest(altitudeM: number): Promise<void> {
    const id = this.caseId;
    const gap = this.selected;
    if (!id || !gap) return;
    this.planBusy = true;
    this.planError = null;
    this.#emit();
    try {
      const plan = await coverageApi.plan(id, { area: planOutline(gap.rings), altitudeM });
      if (this.caseId === id && this.selected === gap) this.plan = plan;
    } catch (err) {
      this.planError = message(err);
    } finally {
      this.planBusy = false;
    }
    this.#emit();
  }

  clearPlan(): void {
    this.plan = null;
    this.planError = null;
    this.#emit();
  }
}

export const coverageStore = new CoverageStore();

export function useCoverageStore(): CoverageStore {
  useSyncExternalStore(coverageStore.subscribe, () => coverageStore.version);
  return coverageStore;
}
