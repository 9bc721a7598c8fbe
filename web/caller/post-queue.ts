/**
 * The caller page's outbox: location posts wait here until the server has them. Each post keeps the
 * idempotency key it was made with, so a retry after a lost answer can never store the fix twice.
 * Plain ES2015 without Promise or fetch: the page must run in an old Android WebView.
 */

export type Outcome = 'stored' | 'retry' | 'drop' | 'gone' | 'unknown_link';

/** What an HTTP status means for a location post (0 = no answer: network down or timed out). */
export function classifyStatus(status: number): Outcome {
  if (status === 200 || status === 201) return 'stored';
  if (status === 404) return 'unknown_link';
  if (status === 410) return 'gone';
  // 400/413/422: this body will never be accepted; sending it again would only burn the caller's battery.
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return 'drop';
  return 'retry';
}

/** Wait before retry number `attempt` (1-based): 1 s, 2 s, 4 s … capped at 30 s, with up to 20 % jitter. */
export function retryDelayMs(attempt: number, random: number = Math.random()): number {
  const base = Math.min(30000, 1000 * Math.pow(2, Math.max(0, attempt - 1)));
  return Math.round(base * (1 + 0.2 * random));
}

export interface Pending<T> {
  body: T;
  key: string;
  attempts: number;
}

/** Oldest first; the first fix of the page is never dropped (it may be the only one before the battery dies). */
export class PostQueue<T> {
  items: Pending<T>[] = [];
  firstKey: string | null = null;

  constructor(private readonly max = 20) {}

  add(body: T, key: string): void {
    if (this.firstKey === null) this.firstKey = key;
    this.items.push({ body, key, attempts: 0 });
    while (this.items.length > this.max) {
      // Drop the oldest that is neither the one in flight (the head) nor the page's first fix.
      let i = 1;
      while (i < this.items.length - 1 && this.items[i]!.key === this.firstKey) i++;
      this.items.splice(i, 1);
    }
  }

  head(): Pending<T> | null {
    return this.items.length > 0 ? this.items[0]! : null;
  }

  /** The head was stored (or will never be): take it off. */
  done(): void {
    this.items.shift();
  }

  get size(): number {
    return this.items.length;
  }
}

/** A fresh idempotency key: 128 random bits as hex (Math.random only where the WebView has no crypto). */
export function newKey(): string {
  const bytes: number[] = [];
  const c = typeof window !== 'undefined' ? (window.crypto as Crypto | undefined) : undefined;
  if (c && typeof c.getRandomValues === 'function') {
    const a = new Uint8Array(16);
    c.getRandomValues(a);
    for (let i = 0; i < a.length; i++) bytes.push(a[i]!);
  } else {
    for (let i = 0; i < 16; i++) bytes.push(Math.floor(Math.random() * 256));
  }
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return s;
}
