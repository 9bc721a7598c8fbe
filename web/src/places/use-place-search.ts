import { useEffect, useRef, useState } from 'react';
import type { PlaceView } from '@lookout/contracts';
import { searchPlaces } from './places-api.ts';

/** Waits this long after the last keystroke before asking the server. */
export const SEARCH_DEBOUNCE_MS = 250;

export type PlaceSearchState =
  | { status: 'idle' }
  | { status: 'searching' }
  | { status: 'done'; places: PlaceView[] }
  | { status: 'failed'; message: string };

type Answer = { q: string } & ({ places: PlaceView[] } | { message: string });

/** The matches of `q` once typing pauses; an answer to an older query never stands for a newer one. */
export function usePlaceSearch(q: string, near: () => [number, number] | null): PlaceSearchState {
  const query = q.trim();
  const [answer, setAnswer] = useState<Answer | null>(null);
  // Read when the timer fires, so a moving map does not restart the search.
  const nearRef = useRef(near);
  useEffect(() => {
    nearRef.current = near;
  }, [near]);
  useEffect(() => {
    if (!query) return;
    let current = true;
    const timer = setTimeout(() => {
      searchPlaces(query, nearRef.current())
        .then((r) => current && setAnswer({ q: query, places: r.places }))
        .catch((err: unknown) => current && setAnswer({ q: query, message: (err as Error).message }));
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  if (!query) return { status: 'idle' };
  if (answer?.q !== query) return { status: 'searching' };
  return 'places' in answer ? { status: 'done', places: answer.places } : { status: 'failed', message: answer.message };
}
