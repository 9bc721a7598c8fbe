import type {
  AmlCallerLocationBody,
  CallerLocationFeature,
  CaseView,
  LocateBody,
  ManualCallerLocationBody,
} from '@lookout/contracts';
import type { CallerLocationSource, Datum } from '@lookout/db';
import type { Logger } from 'pino';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { CaseAccess } from '../cases/case-access.ts';
import type { CasesRepo } from '../cases/cases.repo.ts';
import { toWgs84 } from '@lookout/contracts';
import { CoordinateParseError, parseCoordinate } from '../coordinates/parse-coordinate.ts';
import { AppError } from '../errors.ts';
import type { FeatureCollection } from '../drones/drones.geojson.ts';
import type { MatchingService } from '../matching/matching.service.ts';
import type { CallerLocationsRepo } from './caller-locations.repo.ts';

/** A client clock further off than this is not believed: the server's receive time is stored instead. */
const CLOCK_SKEW_MS = 10 * 60_000;

export function plausibleTime(t: Date | undefined, now = new Date()): Date {
  if (!t || Number.isNaN(t.getTime())) return now;
  if (t.getTime() > now.getTime() + CLOCK_SKEW_MS || t.getTime() < now.getTime() - 24 * 3_600_000) return now;
  return t;
}

export interface CallerLocationsDeps {
  repo: CallerLocationsRepo;
  cases: Pick<CasesRepo, 'get'>;
  /** Staff may add a location only to a case they may read. */
  access: CaseAccess;
  matching: Pick<MatchingService, 'onCallerLocation'>;
  log: Logger;
}

interface Incoming {
  caseId: string;
  source: CallerLocationSource;
  datum: Datum;
  lon: number;
  lat: number;
  accuracyM: number;
  t: Date;
  battery?: number | null;
  linkId?: string | null;
  rawInput?: string | null;
  idempotencyKey?: string | null;
  createdBy?: string | null;
}

export function createCallerLocationsService(deps: CallerLocationsDeps) {
  async function store(i: Incoming): Promise<{ feature: CallerLocationFeature; created: boolean }> {
    const [lon, lat] = toWgs84([i.lon, i.lat], i.datum);
    const result = await deps.repo.insert({
      caseId: i.caseId,
      source: i.source,
      datumReceived: i.datum,
      lonReceived: i.lon,
      latReceived: i.lat,
      lon,
      lat,
      accuracyM: i.accuracyM,
      t: i.t,
      battery: i.battery ?? null,
      linkId: i.linkId ?? null,
      rawInput: i.rawInput ?? null,
      idempotencyKey: i.idempotencyKey ?? null,
      createdBy: i.createdBy ?? null,
    });
    if (result.created) {
      // The location is stored whatever happens here; matching runs again on the next sighting anyway.
      await deps.matching
        .onCallerLocation(result.feature.id)
        .catch((err: unknown) => deps.log.error({ err, callerLocationId: result.feature.id }, 'matching failed'));
    }
    return result;
  }

  function mustBeOpen(c: CaseView): void {
    if (c.status !== 'open') throw new AppError('conflict', `Case ${c.id} is closed`);
  }

  return {
    store,

    /** Typed or pasted by staff. */
    async addManual(caseId: string, body: ManualCallerLocationBody, by: SessionUser): Promise<CallerLocationFeature> {
      mustBeOpen(await deps.access.caseInScope(caseId, by));
      let lon: number;
      let lat: number;
      let datum: Datum | undefined = body.datum;
      if (body.text !== undefined) {
        try {
          const parsed = parseCoordinate(body.text);
          ({ lon, lat } = parsed);
          datum = parsed.impliedDatum ?? datum;
        } catch (err) {
          if (err instanceof CoordinateParseError) throw new AppError('bad_coordinate', err.message);
          throw err;
        }
      } else {
        lon = body.lon!;
        lat = body.lat!;
      }
      if (!datum) {
        throw new AppError(
          'datum_required',
          'Say which datum the coordinate is in: wgs84, gcj02 (AMap/WeChat) or bd09 (Baidu)',
        );
      }
      const { feature } = await store({
        caseId,
        source: 'manual',
        datum,
        lon,
        lat,
        accuracyM: body.accuracyM,
        t: plausibleTime(body.t ? new Date(body.t) : undefined),
        rawInput: body.text ?? null,
        idempotencyKey: body.idempotencyKey ?? null,
        createdBy: by.id,
      });
      return feature;
    },

    /** Pushed by the call centre with the service token. */
    async addAml(body: AmlCallerLocationBody): Promise<CallerLocationFeature> {
      const c = await deps.cases.get(body.caseId);
      if (!c) throw new AppError('not_found', `No case ${body.caseId}`);
      mustBeOpen(c);
      const { feature } = await store({
        caseId: body.caseId,
        source: 'aml',
        datum: body.datum,
        lon: body.lon,
        lat: body.lat,
        accuracyM: body.accuracyM,
        t: plausibleTime(new Date(body.t)),
        idempotencyKey: body.idempotencyKey ?? null,
      });
      return feature;
    },

    /** Posted by the caller page of a (checked) location link. */
    async addFromLink(link: { id: string; caseId: string }, body: LocateBody): Promise<CallerLocationFeature> {
      const battery =
        body.battery === null || body.battery === undefined
          ? null
          : body.battery <= 1
            ? body.battery * 100
            : body.battery;
      const { feature } = await store({
        caseId: link.caseId,
        source: 'link',
        datum: 'wgs84',
        lon: body.lon,
        lat: body.lat,
        accuracyM: body.accuracy,
        t: plausibleTime(new Date(body.t)),
        battery,
        linkId: link.id,
        idempotencyKey: `link:${body.idempotencyKey}`,
      });
      return feature;
    },

    async list(caseId: string): Promise<FeatureCollection<CallerLocationFeature>> {
      return { type: 'FeatureCollection', features: await deps.repo.list(caseId) };
    },
  };
}

export type CallerLocationsService = ReturnType<typeof createCallerLocationsService>;
