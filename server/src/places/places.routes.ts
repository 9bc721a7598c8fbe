import type { Router } from 'express';
import {
  placesImportBody,
  placesImportResult,
  placesOnMapQuery,
  placesOnMapResponse,
  placesQuery,
  placesSearchResponse,
} from '@lookout/contracts';
import { currentUser } from '../auth/auth.middleware.ts';
import { ALL, allow, COMMAND } from '../http/access.ts';
import { createRouter } from '../http/router.ts';
import type { PlacesService } from './places.service.ts';

/** The body limit of an import: a gazetteer of a few thousand places in Chinese, as JSON text. */
export const PLACES_IMPORT_LIMIT = '4mb';
export const PLACES_IMPORT_PATH = '/places/import';

export function placesRoutes(places: PlacesService): Router {
  const r = createRouter();
  const search = allow(ALL, {
    summary: 'Named places of the gazetteer by Chinese name, full pinyin or pinyin initials (笔架山 ← bjs)',
    note: 'best match first (exact, prefix, substring, fuzzy), then nearest to near=lon,lat',
    query: placesQuery,
    response: placesSearchResponse,
  });
  r.get('/places', search, async (req, res) => {
    res.json(await places.search(placesQuery.parse(req.query)));
  });
  const onMap = allow(ALL, {
    summary: 'The named places inside a map view (bbox=west,south,east,north, WGS-84), to label a map without names',
    note: 'peaks, villages and posts first; truncated when more lie in the view than limit',
    query: placesOnMapQuery,
    response: placesOnMapResponse,
  });
  r.get('/places/on-map', onMap, async (req, res) => {
    res.json(await places.onMap(placesOnMapQuery.parse(req.query)));
  });
  const importFile = allow(COMMAND, {
    summary: 'Import a gazetteer file (GeoJSON or CSV of named places); the same source again replaces its places',
    note: "the importing user's station; bad rows are listed by number and refuse the file unless skipBadRows",
    body: placesImportBody,
    response: placesImportResult,
  });
  r.post(PLACES_IMPORT_PATH, importFile, async (req, res) => {
    res.json(await places.importFile(placesImportBody.parse(req.body), { userId: currentUser(req).id }));
  });
  return r;
}
