import { useSyncExternalStore } from 'react';
import { request } from '../api.ts';
import { onCaseEvent } from '../cases/case-feed.ts';
import { liveStore } from '../live/store.ts';
import { mergeBoard } from './board-merge.ts';
import type { BoardAnswer } from './board-types.ts';

export interface HeldBoard {
  answer: BoardAnswer;
  /** `Date.now()` when the full answer arrived: the clocks tick forward from here. */
  receivedAt: number;
}

/** The live socket resumes after a reconnect, so every change arrives; the full reload is only a safety net. */
const FULL_REFRESH_MS = 5 * 60_000;
/** The server answers at most this many cases per partial request. */
const PARTIAL_MAX = 50;

/**
 * Loads the board once, then only the cases a live event names (`GET /board?cases=…`), one request at a time
 * with the ids that arrive meanwhile queued for the next.
 */
function createBoardLoader(
  onHeld: (update: (h: HeldBoard | null) => HeldBoard | null) => void,
  onError: (e: string | null) => void,
) {
  const pending = new Set<string>();
  let busy = false;
  let hasFull = false;
  let fullAsked = 0;
  const fail = (err: unknown) => onError(err instanceof Error ? err.message : String(err));

  function flush(): void {
    if (busy || !hasFull || pending.size === 0) return;
    const ids = [...pending].slice(0, PARTIAL_MAX);
    for (const id of ids) pending.delete(id);
    busy = true;
    request<BoardAnswer>('GET', `/board?cases=${ids.join(',')}`)
      .then((partial) => {
        onHeld((h) => (h ? { ...h, answer: mergeBoard(h.answer, partial, ids) } : h));
        onError(null);
      })
      .catch((err: unknown) => {
        for (const id of ids) pending.add(id);
        fail(err);
      })
      .finally(() => {
        busy = false;
        flush();
      });
  }

  return {
    reload(): void {
      const asked = ++fullAsked;
      request<BoardAnswer>('GET', '/board')
        .then((answer) => {
          if (asked !== fullAsked) return; // a later full load is on its way
          hasFull = true;
          onHeld(() => ({ answer, receivedAt: Date.now() }));
          onError(null);
          flush();
        })
        .catch(fail);
    },
    changed(caseId: string): void {
      pending.add(caseId);
      flush();
    },
  };
}

/**
 * One board feed for the whole app (the board page and the breach badge of the top bar share it): it loads when
 * the first reader subscribes, follows live case events, reloads whenever the socket opens and every 5 minutes, and stops
 * when the last reader leaves.
 */
class BoardFeed {
  held: HeldBoard | null = null;
  error: string | null = null;
  #listeners = new Set<() => void>();
  #stop: (() => void) | null = null;
  #loader = createBoardLoader(
    (update) => {
      this.held = update(this.held);
      this.#emit();
    },
    (e) => {
      if (e === this.error) return;
      this.error = e;
      this.#emit();
    },
  );

  reload = (): void => this.#loader.reload();

  subscribe = (fn: () => void): (() => void) => {
    this.#listeners.add(fn);
    if (!this.#stop) this.#start();
    return () => {
      this.#listeners.delete(fn);
      if (this.#listeners.size === 0) {
        this.#stop?.();
        this.#stop = null;
      }
    };
  };

  #emit(): void {
    for (const fn of this.#listeners) fn();
  }

  #start(): void {
    const loader = this.#loader;
    loader.reload();
    const off = onCaseEvent((e) => loader.changed(e.caseId));
    const every = setInterval(() => loader.reload(), FULL_REFRESH_MS);
    // Every opening of the socket reloads in full: a case opened before the socket was listening (the first
    // open may come after the first load) or while it was away arrives by no event.
    let wasOpen = liveStore.conn.status === 'open';
    const offConn = liveStore.subscribe('conn', () => {
      const open = liveStore.conn.status === 'open';
      if (open && !wasOpen) loader.reload();
      wasOpen = open;
    });
    this.#stop = () => {
      off();
      offConn();
      clearInterval(every);
    };
  }
}

const feed = new BoardFeed();

/** The board's data (`GET /board`, commander and admin only), kept current by live case events. */
export function useBoard(): { held: HeldBoard | null; error: string | null; reload: () => void } {
  useSyncExternalStore(feed.subscribe, () => feed.held);
  useSyncExternalStore(feed.subscribe, () => feed.error);
  return { held: feed.held, error: feed.error, reload: feed.reload };
}
