import type { Logger } from 'pino';
import type { LiveHub } from '../live/live.hub.ts';
import type { MatchingService } from './matching.service.ts';

/**
 * Sightings are written by the bridge (in this process on the embedded default, elsewhere on real services), so
 * the server learns of them from the live feed: each new sighting is matched once, one at a time. Several servers
 * may each match the same sighting; the (caller location, sighting) pair is unique, so that is harmless.
 */
export function startSightingMatcher(options: {
  hub: Pick<LiveHub, 'subscribe'>;
  matching: Pick<MatchingService, 'onSighting'>;
  log: Logger;
}): { stop(): Promise<void>; idle(): Promise<void> } {
  const seen = new Set<number>();
  let chain: Promise<void> = Promise.resolve();
  const unsubscribe = options.hub.subscribe(
    (batch) => {
      for (const e of batch.events) {
        const id = e.sighting.properties.id;
        if (e.sighting.properties.status !== 'new' || seen.has(id)) continue;
        seen.add(id);
        if (seen.size > 10_000) seen.delete(seen.values().next().value as number);
        chain = chain.then(() =>
          options.matching.onSighting(id).then(
            (ids) => {
              if (ids.length) options.log.info({ sightingId: id, matches: ids.length }, 'sighting matched');
            },
            (err: unknown) => options.log.error({ err, sightingId: id }, 'matching a sighting failed'),
          ),
        );
      }
    },
    // Always read the feed, even with no socket open: matching must not wait for a browser.
    () => true,
  );
  return {
    idle: () => chain,
    async stop() {
      unsubscribe();
      await chain;
    },
  };
}
