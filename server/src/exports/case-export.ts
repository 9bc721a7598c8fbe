import type { CaseDetail } from '@lookout/contracts';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type {
  CoverageSlice,
  ExportSector,
  ExportSighting,
  TadpoleAlertSteps,
  TadpoleTimelineRow,
  Track,
} from './exports.repo.ts';

/** Everything one case export is built from (read once by the service). */
export interface CaseExportData {
  detail: CaseDetail;
  sightings: ExportSighting[];
  tracks: Track[];
  /** Search sectors, and the coverage hour by hour (GeoJSON export only; empty otherwise). */
  sectors: ExportSector[];
  coverage: CoverageSlice[];
  /** The case's time window: opened → closed (or the time of the export). */
  window: { from: string; to: string };
  /** More track points than one export carries: the later ones are left out. */
  truncated: boolean;
  /** User id → display name (event actors). */
  names: Map<string, string>;
  generatedAt: string;
  /** Tadpole cases (timeline CSV): deliveries and 已转发 acknowledgements, and the tadpole clock steps per alert. */
  tadpole?: { rows: TadpoleTimelineRow[]; steps: TadpoleAlertSteps[] };
}

/** 7 decimals (~1 cm) are more than any source here measures. */
export const round = (v: number) => Math.round(v * 1e7) / 1e7;
const pos = (lon: number, lat: number): Position => [round(lon), round(lat)];

/** Twice the signed area (shoelace); > 0 for a counter-clockwise ring in lon/lat. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return sum;
}

/** RFC 7946 §3.1.6 right-hand rule: exterior ring counter-clockwise, holes clockwise. */
export function rewind(rings: Position[][]): Position[][] {
  return rings.map((ring, i) => {
    const r = ring.map(([x, y]) => pos(x!, y!));
    const ccw = signedArea(r) > 0;
    return (i === 0) === ccw ? r : r.reverse();
  });
}

function trackFeature(t: Track): Feature<Geometry> {
  const coords = t.points.map((p) => pos(p.lon, p.lat));
  const properties = {
    role: `${t.kind}_track`,
    id: t.id,
    callsign: t.callsign,
    start: t.points[0]?.t ?? null,
    end: t.points[t.points.length - 1]?.t ?? null,
    points: t.points.length,
    times: t.points.map((p) => p.t),
  };
  return coords.length >= 2
    ? { type: 'Feature', geometry: { type: 'LineString', coordinates: coords }, properties }
    : { type: 'Feature', geometry: { type: 'Point', coordinates: coords[0]! }, properties };
}

/**
 * The case as RFC 7946 GeoJSON: WGS-84 lon/lat, no `crs` member, polygons by the right-hand rule. Every feature
 * says what it is in `properties.role`. The caller's phone number is not in it.
 */
export function caseGeoJson(d: CaseExportData): FeatureCollection<Geometry> & Record<string, unknown> {
  const c = d.detail.case;
  const features: Feature<Geometry>[] = [];
  if (c.ipp) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: pos(c.ipp.lon, c.ipp.lat) },
      properties: { role: 'ipp', caseId: c.id, subjectCategory: c.subjectCategory, terrain: c.terrain },
    });
  }
  for (const ring of d.detail.rings?.features ?? []) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: rewind(ring.geometry.coordinates) },
      properties: { role: 'isrid_ring', ...ring.properties, source: d.detail.rings!.source },
    });
  }
  const callerById = new Map<number, Position>();
  for (const f of d.detail.callerLocations.features) {
    const [lon, lat] = f.geometry.coordinates;
    callerById.set(f.id, pos(lon, lat));
    const p = f.properties;
    features.push({
      type: 'Feature',
      id: `caller_location-${f.id}`,
      geometry: { type: 'Point', coordinates: pos(lon, lat) },
      properties: {
        role: 'caller_location',
        id: f.id,
        source: p.source,
        datumReceived: p.datumReceived,
        lonReceived: p.lonReceived,
        latReceived: p.latReceived,
        accuracyM: p.accuracyM,
        t: p.t,
        receivedAt: p.receivedAt,
      },
    });
  }
  for (const s of d.sightings) {
    features.push({
      type: 'Feature',
      id: `sighting-${s.id}`,
      geometry: { type: 'Point', coordinates: pos(s.lon, s.lat) },
      properties: {
        role: 'sighting',
        id: s.id,
        droneId: s.droneId,
        droneCallsign: s.droneCallsign,
        t: s.t,
        uncM: s.uncM,
        conf: s.conf,
        kind: s.kind,
        count: s.count,
        note: s.note,
        status: s.status,
        tiedToCase: s.tied,
      },
    });
  }
  for (const m of d.detail.matches) {
    const from = callerById.get(m.callerLocationId);
    if (!from) continue;
    features.push({
      type: 'Feature',
      id: `match-${m.id}`,
      geometry: { type: 'LineString', coordinates: [from, pos(m.sighting.lon, m.sighting.lat)] },
      properties: {
        role: 'match',
        id: m.id,
        callerLocationId: m.callerLocationId,
        sightingId: m.sightingId,
        distanceM: m.distanceM,
        minutesApart: m.minutesApart,
        score: m.score,
        status: m.status,
        reasonZh: m.reason.zh,
        reasonEn: m.reason.en,
      },
    });
  }
  for (const a of d.detail.assignments) {
    features.push({
      type: 'Feature',
      id: `assignment-${a.id}`,
      geometry: { type: 'Point', coordinates: pos(a.target.lon, a.target.lat) },
      properties: {
        role: 'assignment_target',
        id: a.id,
        unitId: a.unitId,
        unitCallsign: a.unitCallsign,
        status: a.status,
        targetKind: a.target.kind,
        targetRef: a.target.ref,
        createdAt: a.createdAt,
      },
    });
  }
  for (const t of d.tracks) if (t.points.length) features.push(trackFeature(t));
  for (const { geometry, id, ...p } of d.sectors) {
    features.push({
      type: 'Feature',
      id: `search_sector-${id}`,
      geometry,
      properties: { role: 'search_sector', id, ...p },
    });
  }
  // Coverage over time: each feature is what one hour added in one band; their union up to an hour is the
  // coverage as it stood then.
  for (const { geometry, ...p } of d.coverage) {
    features.push({ type: 'Feature', geometry, properties: { role: 'coverage', ...p } });
  }
  return {
    type: 'FeatureCollection',
    features,
    // Foreign members (RFC 7946 §6.1): what the file is.
    case: { id: c.id, kind: c.kind, title: c.title, status: c.status, createdAt: c.createdAt, closedAt: c.closedAt },
    window: d.window,
    truncated: d.truncated,
    generatedAt: d.generatedAt,
  };
}
