import type { Router } from 'express';
import type { Logger } from 'pino';
import type { CaseView, TerrainMetadata } from '@lookout/contracts';
import { COVERAGE_CHANNEL, type Database } from '@lookout/db';
import type { SessionUser } from '../auth/auth.repo.ts';
import { createCoverageRepo } from './coverage.repo.ts';
import { coverageRoutes } from './coverage.routes.ts';
import { createCoverageService, type CoverageService } from './coverage.service.ts';
import { createCoverageAnnouncer } from './coverage-announcer.ts';
import { createCoverageWorker, type CoverageWorker } from './coverage-worker.ts';
import { groundHeightsIn, type GroundHeight } from './ground-heights.ts';

export interface CoverageModule {
  routes: Router;
  service: CoverageService;
  /** Started by main (`npm start`, `start:server`), not by the app: tests drive it themselves. */
  worker: CoverageWorker;
}

/** Camera coverage, wired once. */
export function createCoverageModule(deps: {
  database: Database;
  readable: (caseId: string, user: SessionUser) => Promise<CaseView>;
  walkWidthM: number;
  /** The configured terrain folder (lookout terrain build), read at each batch; null: none. */
  terrain?: () => { dir: string; meta: TerrainMetadata } | null;
  log: Logger;
}): CoverageModule {
  const repo = createCoverageRepo(deps.database);
  const service = createCoverageService({ repo, readable: deps.readable });
  let held: { key: string; ground: GroundHeight } | undefined;
  const ground = (): GroundHeight | null => {
    const found = deps.terrain?.();
    if (!found) return null;
    const key = `${found.dir}|${found.meta.builtAt}`;
    if (held?.key !== key) held = { key, ground: groundHeightsIn(found.dir, found.meta) };
    return held.ground;
  };
  const log = deps.log.child({ module: 'coverage' });
  // The servers (this one or others on the database) relay it to the case's live sockets (live/live.hub.ts).
  const announcer = createCoverageAnnouncer({
    send: (caseId) => deps.database.notify(COVERAGE_CHANNEL, caseId),
    log,
  });
  const inner = createCoverageWorker({
    repo,
    ground,
    walkWidthM: deps.walkWidthM,
    log,
    changed: (caseIds) => announcer.changed(caseIds),
  });
  const worker: CoverageWorker = {
    ...inner,
    async stop() {
      await inner.stop();
      announcer.stop();
    },
  };
  return { routes: coverageRoutes(service), service, worker };
}
