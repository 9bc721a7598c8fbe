import type { CaseMessage, PostCaseMessageBody } from '@lookout/contracts';
import { ApiError } from '../api.ts';
import { caseLogApi } from './case-log-api.ts';

/** A message written while the link was down: sent, with the key it was written with, once the link is back. */
export interface PendingMessage {
  caseId: string;
  body: PostCaseMessageBody;
  queuedAt: string;
}

const STORAGE_KEY = 'lookout.caseLog.outbox';
type Listener = () => void;

function load(): PendingMessage[] {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as PendingMessage[]) : [];
  } catch {
    return [];
  }
}

/**
 * The case log's outbox in localStorage, for phones in the hills: a message whose send failed on the network (or a
 * 5xx/429) waits here and is resent in order with the same idempotency key (at most once stored), when the browser
 * says it is online and every 15 s; a refusal for good (4xx) drops it and says why.
 */
class MessageOutbox {
  #items: PendingMessage[] = load();
  #listeners = new Set<Listener>();
  #sending = false;
  lastRefusal: string | null = null;

  constructor() {
    window.addEventListener('online', () => void this.flush());
    setInterval(() => void this.flush(), 15_000);
  }

  pending(caseId: string): readonly PendingMessage[] {
    return this.#items.filter((m) => m.caseId === caseId);
  }

  subscribe(fn: Listener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Send now; on a network failure keep it for later. Resolves with the stored message, or null when queued. */
  async send(caseId: string, body: PostCaseMessageBody): Promise<CaseMessage | null> {
    try {
      return await caseLogApi.post(caseId, body);
    } catch (err) {
      if (!retryable(err)) throw err;
      this.#items.push({ caseId, body, queuedAt: new Date().toISOString() });
      this.#save();
      return null;
    }
  }

  async flush(): Promise<void> {
    if (this.#sending || this.#items.length === 0) return;
    this.#sending = true;
    try {
      while (this.#items.length > 0) {
        const next = this.#items[0]!;
        try {
          await caseLogApi.post(next.caseId, next.body);
        } catch (err) {
          if (retryable(err)) return;
          this.lastRefusal = err instanceof Error ? err.message : String(err);
        }
        this.#items.shift();
        this.#save();
      }
    } finally {
      this.#sending = false;
    }
  }

  #save(): void {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(this.#items));
    } catch {
      // Storage full or disabled: the queue still works for this page's lifetime.
    }
    for (const fn of this.#listeners) fn();
  }
}

function retryable(err: unknown): boolean {
  const status = err instanceof ApiError ? err.status : 0;
  return status === 0 || status === 408 || status === 429 || status >= 500;
}

export const messageOutbox = new MessageOutbox();
