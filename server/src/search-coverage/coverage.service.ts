import type {
  CaseView,
  CoverageArea,
  CoverageBand,
  CoverageFeature,
  CoveragePlanResponse,
  CoverageResponse,
  CoverageShares,
} from '@lookout/contracts';
import type { coveragePlanBody } from '@lookout/contracts';
import type { z } from 'zod';
import type { SessionUser } from '../auth/auth.repo.ts';
import { AppError } from '../errors.ts';
import { cameraFor } from './camera-models.ts';
import { caseRings } from './case-area.ts';
import { podOf } from './coverage-pod.ts';
import type { AreaInput, CoverageRepo } from './coverage.repo.ts';
import { lawnmower } from './lawnmower.ts';

/** More passes than this is not a flight (an area of many km² at a low height): refused. */
export const MAX_PLAN_PASSES = 2000;

export interface CoverageServiceDeps {
  repo: CoverageRepo;
  /** The case as `user` may read it: 404 / 403 otherwise (case-access.ts). */
  readable: (caseId: string, user: SessionUser) => Promise<CaseView>;
  now?: () => Date;
}

const bands: CoverageBand[] = ['good', 'fair', 'poor', 'walk'];

function shares(areaM2: number, m2: Record<CoverageBand, number>): CoverageShares {
  const of = (b: CoverageBand) => (areaM2 > 0 ? Math.min(1, m2[b] / areaM2) : 0);
  const s = { good: of('good'), fair: of('fair'), poor: of('poor'), walk: of('walk') };
  return {
    ...s,
    covered: Math.min(
      1,
      bands.reduce((sum, b) => sum + s[b], 0),
    ),
  };
}

export function createCoverageService(deps: CoverageServiceDeps) {
  const now = deps.now ?? (() => new Date());

  return {
    /** Coverage, gaps and shares of a case as they stood at `at` (default now). */
    async coverage(caseId: string, user: SessionUser, at?: string): Promise<CoverageResponse> {
      const c = await deps.readable(caseId, user);
      const when = at ? new Date(at).toISOString() : now().toISOString();
      const areas: AreaInput[] = caseRings(c)
        .sort((a, b) => a.properties.percent - b.properties.percent)
        .map((f) => ({
          kind: 'ring',
          ref: String(f.properties.percent),
          label: f.properties.label,
          geojson: JSON.stringify(f.geometry),
          gap: f.properties.percent === 50,
        }));
      const read = await deps.repo.read(caseId, when, areas);
      const features: CoverageFeature[] = read.bands.map((b) => ({
        type: 'Feature',
        geometry: JSON.parse(b.geojson) as CoverageFeature['geometry'],
        properties: { kind: 'covered', band: b.band, sensor: b.sensor, areaM2: b.areaM2 },
      }));
      const out: CoverageArea[] = [];
      for (const a of read.areas) {
        const s = shares(a.areaM2, a.m2);
        const thermal = a.areaM2 > 0 ? Math.min(1, a.thermalM2 / a.areaM2) : 0;
        out.push({ kind: a.kind, ref: a.ref, label: a.label, areaM2: a.areaM2, shares: s, thermal, pod: podOf(s) });
        if (a.gap && a.gap.areaM2 > 0) {
          features.push({
            type: 'Feature',
            geometry: JSON.parse(a.gap.geojson) as CoverageFeature['geometry'],
            properties: { kind: 'gap', areaM2: a.gap.areaM2, within: a.ref },
          });
        }
      }
      return { type: 'FeatureCollection', features, caseId, at: when, areas: out, counted: read.counted };
    },

    /** A lawnmower flight over `body.area` with the case's first drone's camera (or the default camera). */
    async plan(
      caseId: string,
      user: SessionUser,
      body: z.output<typeof coveragePlanBody>,
    ): Promise<CoveragePlanResponse> {
      await deps.readable(caseId, user);
      const hfovDeg = body.hfovDeg ?? cameraFor(await deps.repo.firstDroneDjiKey(caseId)).wide.hfovDeg;
      const plan = lawnmower({
        area: body.area.coordinates,
        altitudeM: body.altitudeM,
        hfovDeg,
        overlap: body.overlap,
        speedMs: body.speedMs,
      });
      if (plan.passes > MAX_PLAN_PASSES) {
        throw new AppError(
          'bad_request',
          `The area needs ${plan.passes} passes at ${body.altitudeM} m (at most ${MAX_PLAN_PASSES}): fly higher or plan a smaller area`,
        );
      }
      if (plan.coordinates.length < 2) throw new AppError('bad_request', 'The area is too small to plan a flight over');
      return {
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: plan.coordinates },
        properties: {
          spacingM: plan.spacingM,
          passes: plan.passes,
          lengthM: plan.lengthM,
          minutes: plan.minutes,
          altitudeM: body.altitudeM,
          hfovDeg,
        },
      };
    },
  };
}

export type CoverageService = ReturnType<typeof createCoverageService>;
