/** One reading waiting for its id to come back on the drone's `acks` topic. */
export interface OutboxEntry {
  id: string;
  topic: string;
  payload: string;
  /** When it was first queued (ms since epoch). */
  queuedAt: number;
  /** When it was last handed to the MQTT client (ms since epoch). */
  sentAt: number;
  sends: number;
}

export interface OutboxOptions {
  /** Keep at most this many readings; past it the oldest are dropped and counted (a drone's storage is finite). */
  capacity?: number;
}

/**
 * A drone app's store-and-forward queue: every reading stays here until the bridge says it is committed (its id on
 * `acks`), and is sent again after a reconnect or when it has waited too long. Insertion order is send order.
 */
export class Outbox {
  readonly #entries = new Map<string, OutboxEntry>();
  readonly #capacity: number;
  #dropped = 0;
  #acked = 0;

  constructor(options: OutboxOptions = {}) {
    this.#capacity = options.capacity ?? 100_000;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Readings dropped because the outbox was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Readings removed because their id came back. */
  get acked(): number {
    return this.#acked;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  /** Queue a reading that is being sent now. A second add of the same id keeps the first. */
  add(id: string, topic: string, payload: string, now: number): OutboxEntry {
    const existing = this.#entries.get(id);
    if (existing) return existing;
    while (this.#entries.size >= this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
      this.#dropped += 1;
    }
    const entry: OutboxEntry = {
      id,
      topic,
      payload,
      queuedAt: now,
      sentAt: now,
      sends: 1,
    };
    this.#entries.set(id, entry);
    return entry;
  }

  /** Forget the readings whose ids came back; unknown ids (already acked, another app's) are ignored. */
  ack(ids: Iterable<string>): string[] {
    const removed: string[] = [];
    for (const id of ids) {
      if (this.#entries.delete(id)) removed.push(id);
    }
    this.#acked += removed.length;
    return removed;
  }

  /**
   * The readings to send again, oldest first, marked as sent at `now`: all of them when `olderThanMs` is 0 (after a
   * reconnect), otherwise those last sent more than `olderThanMs` ago. At most `limit` per call.
   */
  takeForResend(now: number, olderThanMs = 0, limit = Number.POSITIVE_INFINITY): OutboxEntry[] {
    const out: OutboxEntry[] = [];
    for (const entry of this.#entries.values()) {
      if (out.length >= limit) break;
      if (olderThanMs > 0 && now - entry.sentAt <= olderThanMs) continue;
      entry.sentAt = now;
      entry.sends += 1;
      out.push(entry);
    }
    return out;
  }

  /** Age in ms of the oldest waiting reading, 0 when empty. */
  oldestAgeMs(now: number): number {
    const first = this.#entries.values().next().value;
    return first ? now - first.queuedAt : 0;
  }
}

/** Parse an `acks` payload `{"v":1,"ids":[...]}`; anything else yields no ids. */
export function parseAcks(payload: Buffer | string): string[] {
  try {
    const body: unknown = JSON.parse(payload.toString());
    if (typeof body !== 'object' || body === null) return [];
    const ids = (body as { ids?: unknown }).ids;
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
