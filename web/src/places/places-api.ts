import type {
  PlacesImportBody,
  PlacesImportResult,
  PlacesOnMapResponse,
  PlacesSearchResponse,
} from '@lookout/contracts';
import { request } from '../api.ts';

/** GET /places: ranked matches, nearest to `near` (WGS-84) among equals. */
export function searchPlaces(q: string, near: [number, number] | null, limit = 8): Promise<PlacesSearchResponse> {
  const params = new URLSearchParams({ q, limit: String(limit) });
  if (near) params.set('near', `${near[0].toFixed(6)},${near[1].toFixed(6)}`);
  return request<PlacesSearchResponse>('GET', `/places?${params.toString()}`);
}

/** POST /places/import (commander, admin). */
export function importPlaces(body: PlacesImportBody): Promise<PlacesImportResult> {
  return request<PlacesImportResult>('POST', '/places/import', body);
}

/** GET /places/on-map: the gazetteer's names inside a WGS-84 box (west, south, east, north). */
export function placesOnMap(bbox: readonly [number, number, number, number]): Promise<PlacesOnMapResponse> {
  const params = new URLSearchParams({ bbox: bbox.map((v) => v.toFixed(5)).join(',') });
  return request<PlacesOnMapResponse>('GET', `/places/on-map?${params.toString()}`);
}
