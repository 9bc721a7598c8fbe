import type {
  PlacesImportBody,
  PlacesImportResult,
  PlacesOnMapQuery,
  PlacesOnMapResponse,
  PlacesQuery,
  PlacesSearchResponse,
} from '@lookout/contracts';
import type { Logger } from 'pino';
import { toWgs84 } from '@lookout/contracts';
import { AppError } from '../errors.ts';
import { parsePlacesFile, type PlaceRow } from './places-file.ts';
import { keyColumn, normaliseQuery, pinyinKeys } from './place-keys.ts';
import type { NewPlace, PlacesRepo } from './places.repo.ts';

/** The bad rows a refusal lists; the count says how many there were in all. */
const PROBLEMS_SHOWN = 100;

export interface ImportWho {
  /** The importing user (null from the command line). */
  userId: string | null;
  /** The station whose gazetteer it is; undefined = the importing user's (or the home station). */
  station?: string | null;
}

function toNewPlace(r: PlaceRow): NewPlace {
  const [lon, lat] = toWgs84([r.lon, r.lat], r.datum);
  const names = r.alias ? [r.name, r.alias] : [r.name];
  const keys = names.map(pinyinKeys);
  return {
    name: r.name,
    kind: r.kind,
    alias: r.alias,
    notes: r.notes,
    lon,
    lat,
    datumReceived: r.datum,
    pinyinKeys: keyColumn(keys.flatMap((k) => k.full)),
    initialKeys: keyColumn(keys.flatMap((k) => k.initials)),
  };
}

export function createPlacesService(deps: { repo: PlacesRepo; log: Logger }) {
  return {
    /**
     * Import a gazetteer file: every row a place, or a 400 listing the bad rows by number (nothing changes) unless
     * `skipBadRows`. The source's earlier places are replaced in the same transaction.
     */
    async importFile(body: PlacesImportBody, who: ImportWho): Promise<PlacesImportResult> {
      const { rows, problems } = parsePlacesFile(body);
      const fatal = problems.some((p) => p.row === 0);
      if (problems.length > 0 && (!body.skipBadRows || fatal)) {
        throw new AppError('bad_request', `${problems.length} of the rows of ${body.source} are not places`, {
          reason: 'bad_rows',
          count: problems.length,
          problems: problems.slice(0, PROBLEMS_SHOWN),
        });
      }
      if (rows.length === 0) {
        throw new AppError('bad_request', `${body.source} holds no places`, { reason: 'no_places' });
      }
      const station =
        who.station !== undefined ? who.station : who.userId ? await deps.repo.stationOf(who.userId) : null;
      const replaced = await deps.repo.replaceSource(station, body.source, rows.map(toNewPlace), who.userId);
      deps.log.info(
        { source: body.source, station, imported: rows.length, replaced, skipped: problems.length },
        'places imported',
      );
      return { source: body.source, imported: rows.length, replaced, skipped: problems };
    },

    /** Places by name, full pinyin or initials, best match first, then nearest to `near`. */
    async search(query: PlacesQuery): Promise<PlacesSearchResponse> {
      const text = query.q.trim();
      const key = /\p{Script=Han}/u.test(text) ? null : normaliseQuery(text).replace(/[^a-z0-9]/g, '');
      const places = await deps.repo.search({ text, key: key || null, limit: query.limit, near: query.near ?? null });
      return { places };
    },

    /** The names inside a map view, to draw them where the basemap has none; says when the limit cut some off. */
    async onMap(query: PlacesOnMapQuery): Promise<PlacesOnMapResponse> {
      const found = await deps.repo.inBox(query.bbox, query.limit + 1);
      return { places: found.slice(0, query.limit), truncated: found.length > query.limit };
    },
  };
}

export type PlacesService = ReturnType<typeof createPlacesService>;
