import type { Logger } from 'pino';
import type { LiveHub } from '../live/live.hub.ts';
import type { MatchingService } from './matching.service.ts';

/**
 * Sightings are written by the bridge (in this process on the embedded default, elsewhere on real services), so
 * the server learns of them from the live feed: each new sighting is matched once, one at a time. Several servers
 * may each match the same sighting; the (caller location, sighting) pair is unique, so that is harmless.
 */
export function startSightingMatcher(options: {
  hub: Pick<LiveHub, 'subscribe' | 'publish'>;
  matching: Pick<MatchingService, 'onSighting' | 'views'>;
  log: Logger;
}): { stop(): Promise<void>; idle(): Promise<void> } {
  /** The new matches go to this server's sockets at once; the doorbell tells the other servers. */
  async function push(ids: number[]): Promise<void> {
    const matches = await options.matching.views(ids);
    options.hub.publish({
      positions: [],
      events: [],
      caseItems: matches.map((match) => ({
        seq: match.seq,
        staffOnly: true,
        events: [{ kind: 'match' as const, caseId: match.caseId, match }],
      })),
    });
  }
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
            async (ids) => {
              if (!ids.length) return;
              options.log.info({ sightingId: id, matches: ids.length }, 'sighting matched');
              await push(ids);
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
