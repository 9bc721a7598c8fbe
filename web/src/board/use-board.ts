import { useEffect, useState } from 'react';
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
      request<BoardAnswer>('GET', '/board')
        .then((answer) => {
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

/** The board's data for the page; a full reload after the socket reconnects and every 5 minutes. */
export function useBoard(): { held: HeldBoard | null; error: string | null; reload: () => void } {
  const [held, setHeld] = useState<HeldBoard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loader] = useState(() => createBoardLoader(setHeld, setError));

  useEffect(() => {
    loader.reload();
    const off = onCaseEvent((e) => loader.changed(e.caseId));
    const every = setInterval(() => loader.reload(), FULL_REFRESH_MS);
    // A reconnect (not the first open) reloads in full: the clocks may have moved while offline.
    let wasOpen = liveStore.conn.status === 'open';
    let openedBefore = wasOpen;
    const offConn = liveStore.subscribe('conn', () => {
      const open = liveStore.conn.status === 'open';
      if (open && !wasOpen && openedBefore) loader.reload();
      if (open) openedBefore = true;
      wasOpen = open;
    });
    return () => {
      off();
      offConn();
      clearInterval(every);
    };
  }, [loader]);

  return { held, error, reload: loader.reload };
}
