import type { Logger } from 'pino';
import { cameraFor, DEFAULT_THERMAL } from './camera-models.ts';
import { caseArea, distanceM, withinArea, type CaseArea } from './case-area.ts';
import { bandForHeight } from './coverage-pod.ts';
import type { CoverageItem, CoverageRepo, FixRow, WalkRow } from './coverage.repo.ts';
import { footprint } from './footprint.ts';
import type { GroundHeight } from './ground-heights.ts';

/**
 * Follows new drone fixes and officers' positions (both numbered from live_seq) and adds the ground they covered to
 * their cases' coverage. Each batch is one transaction: read after the cursor, union into the minutes' rows, move
 * the cursor — so a crash or a second server never adds a fix twice or skips one (the cursor row is locked).
 *
 * A fix adds its camera's footprint when its drone was attached to an open case at the time, it lies within the
 * case's area (case-area.ts) and it has a height above ground above 0 — its MSL altitude less the ground's when a
 * terrain (DEM) is configured and covers it, else alt_rel (above the take-off point); heading 0 when unknown; the
 * camera looks along the gimbal's pitch, straight down when the drone does not report it; the thermal camera's field
 * of view and sensor when the drone streamed its thermal lens then (drone_lenses), nothing while it streamed its
 * zoom lens, else the wide camera's. A position adds a swath of `walkWidthM` along the officer's way from his
 * previous position (≤ 2 min, ≤ 200 m before), or a disc when there is none; positions less accurate than 50 m add
 * nothing.
 */

export interface CoverageWorkerDeps {
  repo: CoverageRepo;
  walkWidthM: number;
  log: Logger;
  /** Fixes per batch. */
  batchSize?: number;
  /** Rows younger than this are left for the next pass (a transaction still open may hold a lower id). */
  settleS?: number;
  /** Pause between passes when there was nothing new. */
  everyMs?: number;
  /** The configured terrain's ground heights, looked up at each batch (a new build is picked up); null: none. */
  ground?: () => GroundHeight | null;
  /** Told, after each batch commits, the cases it added ground to (coverage-announcer.ts). */
  changed?: (caseIds: Set<string>) => void;
}

export const WALK_MAX_ACCURACY_M = 50;
export const WALK_MAX_STEP_M = 200;

const minute = (t: string) => `${t.slice(0, 16)}:00.000Z`;
const wktPolygon = (ring: [number, number][]) => `POLYGON((${ring.map(([x, y]) => `${x} ${y}`).join(',')}))`;

/** A case's area, computed once per batch. */
function areaCache() {
  const cache = new Map<string, CaseArea | null>();
  return (r: FixRow | WalkRow): CaseArea | null => {
    const id = r.caseId!;
    if (!cache.has(id)) cache.set(id, caseArea(r));
    return cache.get(id)!;
  };
}

/** Each fix's height above the ground under it, where a terrain covers it and the fix has an MSL altitude. */
export async function heightsAboveGround(rows: FixRow[], ground: GroundHeight | null): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!ground) return out;
  for (const r of rows) {
    if (!r.caseId || r.altMsl === null) continue;
    const g = await ground(r.lon, r.lat);
    if (g !== null) out.set(r.id, r.altMsl - g);
  }
  return out;
}

/** The footprints of a batch of fixes (those that add nothing are left out); `agl` from heightsAboveGround. */
export function fixItems(rows: FixRow[], agl: Map<number, number> = new Map()): CoverageItem[] {
  const areaOf = areaCache();
  const items: CoverageItem[] = [];
  for (const r of rows) {
    const heightM = agl.get(r.id) ?? r.altRel;
    // The zoom camera's field of view depends on a zoom factor no drone reports: its fixes add nothing.
    if (!r.caseId || heightM === null || !(heightM > 0) || r.lens === 'zoom') continue;
    const area = areaOf(r);
    if (!area || !withinArea(area, r.lon, r.lat)) continue;
    const camera = cameraFor(r.djiKey);
    const fov = r.lens === 'thermal' ? (camera.thermal ?? DEFAULT_THERMAL) : camera.wide;
    const pose = { lon: r.lon, lat: r.lat, heightM, headingDeg: r.hdg ?? 0 };
    const ring = footprint(r.gimbalPitch === null ? pose : { ...pose, pitchDeg: r.gimbalPitch }, fov);
    if (!ring) continue;
    items.push({
      caseId: r.caseId,
      band: bandForHeight(heightM),
      sensor: r.lens === 'thermal' ? 'thermal' : 'visible',
      bucket: minute(r.t),
      wkt: wktPolygon(ring),
      bufferM: 0,
    });
  }
  return items;
}

/** The walked swaths of a batch of officers' positions. */
export function walkItems(rows: WalkRow[], walkWidthM: number): CoverageItem[] {
  const areaOf = areaCache();
  const items: CoverageItem[] = [];
  for (const r of rows) {
    if (!r.caseId || (r.accuracyM !== null && r.accuracyM > WALK_MAX_ACCURACY_M)) continue;
    const area = areaOf(r);
    if (!area || !withinArea(area, r.lon, r.lat)) continue;
    const prev = r.prev && distanceM(r.prev.lon, r.prev.lat, r.lon, r.lat) <= WALK_MAX_STEP_M ? r.prev : null;
    const wkt =
      prev && (prev.lon !== r.lon || prev.lat !== r.lat)
        ? `LINESTRING(${prev.lon} ${prev.lat},${r.lon} ${r.lat})`
        : `POINT(${r.lon} ${r.lat})`;
    items.push({
      caseId: r.caseId,
      band: 'walk',
      sensor: 'visible',
      bucket: minute(r.t),
      wkt,
      bufferM: walkWidthM / 2,
    });
  }
  return items;
}

export interface PassResult {
  /** Rows read past (fixes, positions), whether they added anything or not. */
  fixesRead: number;
  positionsRead: number;
  /** Footprints and swaths added. */
  added: number;
}

export function createCoverageWorker(deps: CoverageWorkerDeps) {
  const { repo } = deps;
  const batchSize = deps.batchSize ?? 500;
  const settleS = deps.settleS ?? 2;
  const everyMs = deps.everyMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;

  /** After the batch's commit: the cases it added to. */
  const announce = (items: CoverageItem[]) => {
    if (items.length > 0) deps.changed?.(new Set(items.map((i) => i.caseId)));
  };

  async function fixesBatch(): Promise<[number, number]> {
    const [read, items] = await repo.transaction(async (q): Promise<[number, CoverageItem[]]> => {
      const after = await repo.lockCursor(q, 'fixes');
      const rows = await repo.fixesAfter(q, after, batchSize, settleS);
      if (rows.length === 0) return [0, []];
      const items = fixItems(rows, await heightsAboveGround(rows, deps.ground?.() ?? null));
      await repo.merge(q, items);
      await repo.setCursor(q, 'fixes', rows[rows.length - 1]!.id);
      return [new Set(rows.map((r) => r.id)).size, items];
    });
    announce(items);
    return [read, items.length];
  }

  async function walkBatch(): Promise<[number, number]> {
    const [read, items] = await repo.transaction(async (q): Promise<[number, CoverageItem[]]> => {
      const after = await repo.lockCursor(q, 'walk');
      const rows = await repo.walkAfter(q, after, batchSize, settleS);
      if (rows.length === 0) return [0, []];
      const items = walkItems(rows, deps.walkWidthM);
      await repo.merge(q, items);
      await repo.setCursor(q, 'walk', rows[rows.length - 1]!.id);
      return [new Set(rows.map((r) => r.id)).size, items];
    });
    announce(items);
    return [read, items.length];
  }

  /** One batch of each source. */
  async function pass(): Promise<PassResult> {
    const [fixesRead, fromFixes] = await fixesBatch();
    const [positionsRead, fromWalk] = await walkBatch();
    return { fixesRead, positionsRead, added: fromFixes + fromWalk };
  }

  /** Passes until both sources are read up to now (tests, benchmarks). */
  async function drain(): Promise<PassResult> {
    const total: PassResult = { fixesRead: 0, positionsRead: 0, added: 0 };
    for (;;) {
      const r = await pass();
      total.fixesRead += r.fixesRead;
      total.positionsRead += r.positionsRead;
      total.added += r.added;
      if (r.fixesRead < batchSize && r.positionsRead < batchSize) return total;
    }
  }

  function schedule(ms: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass()
        .then((r) => schedule(r.fixesRead >= batchSize || r.positionsRead >= batchSize ? 0 : everyMs))
        .catch((err: unknown) => {
          deps.log.error({ err }, 'coverage pass failed; retrying');
          schedule(everyMs * 5);
        });
    }, ms);
  }

  return {
    pass,
    drain,
    start() {
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

export type CoverageWorker = ReturnType<typeof createCoverageWorker>;
