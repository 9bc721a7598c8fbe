/**
 * The officer's outbox: positions and status changes wait here, in localStorage, until the server has them.
 * Every item keeps its idempotency key across retries and reloads, so a resend after a lost answer is harmless.
 * Items leave the queue in order, only after the server answered (2xx) or refused them for good (4xx).
 */

export interface PositionItem {
  kind: 'position';
  key: string;
  lon: number;
  lat: number;
  accuracy: number | null;
  t: string;
}

export interface StatusItem {
  kind: 'status';
  key: string;
  assignmentId: string;
  status: 'en_route' | 'on_scene' | 'found' | 'stood_down';
  /**
   * When the officer tapped the button (ISO). Sent as `tappedAt`: the server records the step at this time, not
   * when the queue got through after an outage.
   */
  tappedAt: string;
}

export type OutboxItem = PositionItem | StatusItem;

/** The part of the Web Storage API the queue needs (localStorage in the browser). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Keep at most this many positions (a day of walking at one per 15 s); the oldest positions go first. */
export const MAX_POSITIONS = 6000;

export class OfflineQueue {
  #items: OutboxItem[];

  constructor(
    private readonly store: KeyValueStore,
    private readonly storageKey = 'lookout.officer.outbox',
    private readonly maxPositions = MAX_POSITIONS,
  ) {
    this.#items = load(store, storageKey);
  }

  get size(): number {
    return this.#items.length;
  }

  items(): readonly OutboxItem[] {
    return this.#items;
  }

  add(item: OutboxItem): void {
    if (this.#items.some((i) => i.key === item.key)) return;
    this.#items.push(item);
    let positions = this.#items.filter((i) => i.kind === 'position').length;
    while (positions > this.maxPositions) {
      const oldest = this.#items.findIndex((i) => i.kind === 'position');
      this.#items.splice(oldest, 1);
      positions--;
    }
    this.#save();
  }

  /**
   * What to send next, in order: a run of up to `maxPositions` positions from the head, or the one status
   * change at the head (status changes go one by one, each its own request).
   */
  next(maxPositions = 500): { kind: 'positions'; items: PositionItem[] } | { kind: 'status'; item: StatusItem } | null {
    const head = this.#items[0];
    if (!head) return null;
    if (head.kind === 'status') return { kind: 'status', item: head };
    const items: PositionItem[] = [];
    for (const i of this.#items) {
      if (i.kind !== 'position' || items.length >= maxPositions) break;
      items.push(i);
    }
    return { kind: 'positions', items };
  }

  /** The server has these (or refused them for good): take them off. */
  remove(keys: readonly string[]): void {
    const gone = new Set(keys);
    this.#items = this.#items.filter((i) => !gone.has(i.key));
    this.#save();
  }

  #save(): void {
    try {
      this.store.setItem(this.storageKey, JSON.stringify(this.#items));
    } catch {
      // Storage full or disabled: the queue still works for this page's lifetime.
    }
  }
}

function load(store: KeyValueStore, key: string): OutboxItem[] {
  try {
    const raw = store.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(parsed)) return [];
    return (parsed as (OutboxItem & { at?: string })[])
      .filter((i) => i && typeof i.key === 'string')
      .map((i) => (i.kind === 'status' && !i.tappedAt && i.at ? { ...i, tappedAt: i.at } : i));
  } catch {
    return [];
  }
}
