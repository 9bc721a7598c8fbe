import type { Logger } from 'pino';

/** The shortest gap between two announcements of one case. */
export const ANNOUNCE_GAP_MS = 3000;

export interface CoverageAnnouncerDeps {
  /** Sends one announcement (NOTIFY on COVERAGE_CHANNEL with the case id). */
  send: (caseId: string) => Promise<void>;
  log: Logger;
  gapMs?: number;
  now?: () => number;
}

/**
 * Tells the servers which cases a coverage pass changed, at most once per `gapMs` per case: the first change is
 * announced at once, later ones within the gap wait and go out together when it ends (so the last change is never
 * left unannounced). The throttle lives in the process running the worker; the worker's cursor lock lets one
 * process at a time run a pass, so a second process adds at most its own leading announcement.
 */
export function createCoverageAnnouncer(deps: CoverageAnnouncerDeps) {
  const gapMs = deps.gapMs ?? ANNOUNCE_GAP_MS;
  const now = deps.now ?? Date.now;
  /** When each case was last announced. */
  const last = new Map<string, number>();
  /** Cases changed within their gap, each with its timer. */
  const waiting = new Map<string, NodeJS.Timeout>();
  let stopped = false;

  const send = (caseId: string) => {
    last.set(caseId, now());
    deps.send(caseId).catch((err: unknown) => deps.log.warn({ err, caseId }, 'coverage announcement failed'));
  };

  return {
    /** The cases a pass just committed changes to. */
    changed(caseIds: Iterable<string>): void {
      if (stopped) return;
      const t = now();
      for (const caseId of caseIds) {
        if (waiting.has(caseId)) continue;
        const since = t - (last.get(caseId) ?? -Infinity);
        if (since >= gapMs) {
          send(caseId);
          continue;
        }
        const timer = setTimeout(() => {
          waiting.delete(caseId);
          if (!stopped) send(caseId);
        }, gapMs - since);
        timer.unref();
        waiting.set(caseId, timer);
      }
      // Forget cases quiet for a while, so the map does not grow with every case ever covered.
      if (last.size > 1000) for (const [id, at] of last) if (t - at >= gapMs) last.delete(id);
    },

    stop(): void {
      stopped = true;
      for (const timer of waiting.values()) clearTimeout(timer);
      waiting.clear();
    },
  };
}

export type CoverageAnnouncer = ReturnType<typeof createCoverageAnnouncer>;
