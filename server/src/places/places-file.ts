import pointOnFeature from '@turf/point-on-feature';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import {
  datums,
  MAX_PLACES_PER_IMPORT,
  placeKinds,
  type Datum,
  type PlaceKind,
  type PlacesImportBody,
  type PlacesImportProblem,
} from '@lookout/contracts';
import { scanJson } from '../http/json-limits.ts';
import { kindFromName, kindFromWord } from './place-kind.ts';

/** One place as the file gives it: coordinates still in the file's datum. */
export interface PlaceRow {
  /** CSV: the line number (1 = the header); GeoJSON: the feature's number, from 1. */
  row: number;
  name: string;
  kind: PlaceKind;
  alias: string | null;
  notes: string | null;
  lon: number;
  lat: number;
  datum: Datum;
}

export interface ParsedPlaces {
  rows: PlaceRow[];
  problems: PlacesImportProblem[];
}

const optionalText = (max: number) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().trim().min(1).max(max).optional());

const coordinate = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number({ error: 'not a number' }).min(min).max(max),
  );

/** One row's fields, as either format names them. */
const rowFields = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: optionalText(40),
    alias: optionalText(200),
    notes: optionalText(1000),
    lon: coordinate(-180, 180),
    lat: coordinate(-90, 90),
    datum: optionalText(10),
  })
  .refine((r) => r.lon !== 0 || r.lat !== 0, { message: '0,0 is no place (a missing coordinate)', path: ['lon'] });

/** Column and property names a station's file may use, in English or Chinese. */
const FIELD_NAMES: Record<string, keyof z.input<typeof rowFields>> = {
  name: 'name',
  名称: 'name',
  地名: 'name',
  kind: 'kind',
  type: 'kind',
  类型: 'kind',
  alias: 'alias',
  别名: 'alias',
  notes: 'notes',
  note: 'notes',
  description: 'notes',
  备注: 'notes',
  lon: 'lon',
  lng: 'lon',
  longitude: 'lon',
  x: 'lon',
  经度: 'lon',
  lat: 'lat',
  latitude: 'lat',
  y: 'lat',
  纬度: 'lat',
  datum: 'datum',
  坐标系: 'datum',
};

function fieldsOf(record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const field = FIELD_NAMES[key.trim().toLowerCase()];
    if (field && out[field] === undefined) out[field] = value;
  }
  return out;
}

function datumOf(word: string | undefined, fallback: Datum): Datum | null {
  if (word === undefined) return fallback;
  const w = word.toLowerCase().replace(/[-_\s]/g, '');
  return (datums as readonly string[]).includes(w) ? (w as Datum) : null;
}

function reasonOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
}

/** Validate one row's fields into a place, or say why not. */
function toRow(row: number, fields: Record<string, unknown>, fallback: Datum): PlaceRow | PlacesImportProblem {
  const parsed = rowFields.safeParse(fields);
  if (!parsed.success) return { row, reason: reasonOf(parsed.error) };
  const f = parsed.data;
  const kind = f.kind === undefined ? kindFromName(f.name) : kindFromWord(f.kind);
  if (!kind) return { row, reason: `kind: "${f.kind}" is none of ${placeKinds.join(', ')}` };
  const datum = datumOf(f.datum, fallback);
  if (!datum) return { row, reason: `datum: "${f.datum}" is none of ${datums.join(', ')}` };
  return { row, name: f.name, kind, alias: f.alias ?? null, notes: f.notes ?? null, lon: f.lon, lat: f.lat, datum };
}

function collect(results: (PlaceRow | PlacesImportProblem)[]): ParsedPlaces {
  const rows: PlaceRow[] = [];
  const problems: PlacesImportProblem[] = [];
  for (const r of results) ('reason' in r ? problems : rows).push(r as never);
  if (rows.length > MAX_PLACES_PER_IMPORT) {
    problems.push({ row: 0, reason: `more than ${MAX_PLACES_PER_IMPORT} places in one file: split it by source` });
  }
  return { rows, problems };
}

type Geometry = { type: string; coordinates?: unknown; geometries?: unknown };

/** A point's own position, or a point on a line or area (a road's name sits on the road, not beside it). */
function positionOf(geometry: Geometry): [number, number] | string {
  if (geometry.type === 'Point') {
    const c = geometry.coordinates;
    return Array.isArray(c) && c.length >= 2 ? [Number(c[0]), Number(c[1])] : 'a Point needs [lon, lat]';
  }
  try {
    const p = pointOnFeature({ type: 'Feature', properties: {}, geometry } as never);
    const [lon, lat] = p.geometry.coordinates;
    return [lon!, lat!];
  } catch {
    return `a ${geometry.type} without usable coordinates`;
  }
}

function parseGeojson(text: string, datum: Datum): ParsedPlaces {
  const problem = scanJson(text);
  if (problem)
    return { rows: [], problems: [{ row: 0, reason: problem === 'nul' ? 'NUL character' : 'JSON nested too deep' }] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { rows: [], problems: [{ row: 0, reason: `not JSON: ${(err as Error).message}` }] };
  }
  const d = doc as { type?: unknown; features?: unknown };
  const features =
    d.type === 'FeatureCollection' && Array.isArray(d.features) ? d.features : d.type === 'Feature' ? [d] : null;
  if (!features) return { rows: [], problems: [{ row: 0, reason: 'not a GeoJSON FeatureCollection or Feature' }] };
  return collect(
    features.map((raw: unknown, i) => {
      const row = i + 1;
      const f = raw as { type?: unknown; geometry?: Geometry | null; properties?: Record<string, unknown> | null };
      if (f?.type !== 'Feature') return { row, reason: 'not a Feature' };
      if (!f.geometry || typeof f.geometry.type !== 'string') return { row, reason: 'no geometry' };
      const at = positionOf(f.geometry);
      if (typeof at === 'string') return { row, reason: `geometry: ${at}` };
      // The geometry's position, whatever coordinate-like properties (`x`, `经度`) the feature also carries.
      return toRow(row, { ...fieldsOf(f.properties ?? {}), lon: at[0], lat: at[1] }, datum);
    }),
  );
}

function parseCsvText(text: string, datum: Datum): ParsedPlaces {
  if (text.includes('\u0000')) return { rows: [], problems: [{ row: 0, reason: 'NUL character' }] };
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as typeof records;
  } catch (err) {
    return { rows: [], problems: [{ row: 0, reason: `not CSV: ${(err as Error).message}` }] };
  }
  return collect(records.map(({ record, info }) => toRow(info.lines, fieldsOf(record), datum)));
}

/** The places of a gazetteer file and the rows that are not places, with their numbers. */
export function parsePlacesFile(body: Pick<PlacesImportBody, 'format' | 'text' | 'datum'>): ParsedPlaces {
  switch (body.format) {
    case 'geojson':
      return parseGeojson(body.text, body.datum);
    case 'csv':
      return parseCsvText(body.text, body.datum);
  }
}
