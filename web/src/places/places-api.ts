import type { PlacesImportBody, PlacesImportResult, PlacesSearchResponse } from '@lookout/contracts';
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
