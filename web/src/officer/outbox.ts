import { ApiError } from '../api.ts';
import { caseApi } from '../cases/case-api.ts';
import { OfflineQueue, type OutboxItem } from './offline-queue.ts';

/**
 * The officer's outbox in localStorage, and the loop that empties it: positions in batches to
 * POST /me/positions, status changes one by one to POST /assignments/:id/status, each with the idempotency key it
 * was queued with and the time of the tap (a status change's `tappedAt`, a position's fix time `t`). A network failure or a 5xx/429 keeps the items and tries again later (backoff up to 30 s,
 * and at once when the browser says it is back online); any other refusal (4xx) takes the item off.
 */
type Listener = () => void;

class Outbox {
  readonly queue: OfflineQueue;
  #listeners = new Set<Listener>();
  #sending = false;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #failures = 0;
  /** The last refusal the server gave for a status change (shown to the officer). */
  lastRefusal: string | null = null;

  constructor() {
    this.queue = new OfflineQueue(window.localStorage);
    window.addEventListener('online', () => this.kick());
  }

  get size(): number {
    return this.queue.size;
  }

  subscribe(fn: Listener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #emit(): void {
    for (const fn of this.#listeners) fn();
  }

  add(item: OutboxItem): void {
    this.queue.add(item);
    this.#emit();
    this.kick();
  }

  /** Try now (cancels a pending backoff). */
  kick(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    void this.#drain();
  }

  async #drain(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      for (let next = this.queue.next(); next; next = this.queue.next()) {
        try {
          if (next.kind === 'positions') {
            await caseApi.postPositions(
              next.items.map((p) => ({ lon: p.lon, lat: p.lat, accuracy: p.accuracy, t: p.t, idempotencyKey: p.key })),
            );
            this.queue.remove(next.items.map((p) => p.key));
          } else {
            await caseApi.setStatus(next.item.assignmentId, next.item.status, next.item.key, next.item.tappedAt);
            this.queue.remove([next.item.key]);
          }
          this.#failures = 0;
          this.#emit();
        } catch (err) {
          const status = err instanceof ApiError ? err.status : 0;
          const retry = status === 0 || status === 401 || status === 408 || status === 429 || status >= 500;
          if (retry) {
            this.#failures++;
            const wait = Math.min(30_000, 1000 * 2 ** Math.min(5, this.#failures - 1));
            this.#timer = setTimeout(() => this.kick(), wait);
            return;
          }
          // Refused for good (e.g. 403 another officer's assignment, 409 a closed case): drop it, say why.
          const keys = next.kind === 'positions' ? next.items.map((p) => p.key) : [next.item.key];
          if (next.kind === 'status') this.lastRefusal = err instanceof Error ? err.message : String(err);
          this.queue.remove(keys);
          this.#emit();
        }
      }
    } finally {
      this.#sending = false;
    }
  }
}

let outbox: Outbox | null = null;
/** The one outbox of this browser (created on first use). */
export function getOutbox(): Outbox {
  outbox ??= new Outbox();
  return outbox;
}
