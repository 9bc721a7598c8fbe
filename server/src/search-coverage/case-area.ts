import type { Feature, Polygon } from 'geojson';
import { isridRings, ringPolygons, type RingProperties } from '../search-planning/isrid-rings.ts';

/**
 * The ground a case's coverage is counted over: within 1.5 × its largest ISRID ring of the IPP, or 20 km of the
 * IPP when the table has no ring for the subject. A case without an IPP has no area (and gathers no coverage):
 * there is nothing to judge a fix against, and no ring to measure. The same terrain default as the case's rings.
 */
export const AREA_RING_FACTOR = 1.5;
export const AREA_NO_RINGS_M = 20_000;

export interface CaseAreaInput {
  ipp: { lon: number; lat: number } | null;
  subjectCategory: string | null;
  terrain: string | null;
}

export interface CaseArea {
  lon: number;
  lat: number;
  radiusM: number;
}

export function caseRings(c: CaseAreaInput): Feature<Polygon, RingProperties>[] {
  if (!c.ipp || !c.subjectCategory) return [];
  const set = isridRings(c.subjectCategory, c.terrain ?? 'temperate_mountain');
  return set ? ringPolygons([c.ipp.lon, c.ipp.lat], set).features : [];
}

export function ringRadiusM(c: CaseAreaInput, percent: number): number | null {
  if (!c.ipp || !c.subjectCategory) return null;
  const set = isridRings(c.subjectCategory, c.terrain ?? 'temperate_mountain');
  return set?.rings.find((r) => r.percent === percent)?.radiusM ?? null;
}

export function caseArea(c: CaseAreaInput): CaseArea | null {
  if (!c.ipp) return null;
  const set = c.subjectCategory ? isridRings(c.subjectCategory, c.terrain ?? 'temperate_mountain') : undefined;
  const largest = set ? Math.max(...set.rings.map((r) => r.radiusM)) : 0;
  return { ...c.ipp, radiusM: largest > 0 ? largest * AREA_RING_FACTOR : AREA_NO_RINGS_M };
}

/** Great-circle distance in metres (haversine, turf's earth radius). */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function withinArea(area: CaseArea, lon: number, lat: number): boolean {
  return distanceM(area.lon, area.lat, lon, lat) <= area.radiusM;
}
