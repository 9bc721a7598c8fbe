import * as mgrsModule from 'mgrs';

// mgrs is CommonJS: Node's ESM loader gives only a default export (named imports fail at start-up under tsx),
// while Vite/vitest gives the named ones. Take whichever is there.
const mgrsToPoint = ((mgrsModule as unknown as { default?: typeof mgrsModule }).default ?? mgrsModule).toPoint;
import type { Datum } from '@lookout/contracts';

export type CoordinateFormat = 'decimal' | 'dms' | 'mgrs' | 'amap' | 'tencent' | 'baidu';

export interface ParsedCoordinate {
  lon: number;
  lat: number;
  format: CoordinateFormat;
  /** The datum the text itself implies (a map share); null when the person must say which. */
  impliedDatum: Datum | null;
}

export class CoordinateParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CoordinateParseError';
  }
}

/**
 * Parse what staff type or paste: decimal degrees ("28.95, 120.07", "120.07,28.95", "N28.95 E120.07"),
 * 度分秒 ("28°57'00\"N 120°04'12\"E", "北纬28度57分 东经120度4分12秒"), MGRS ("51RTN1441405982"), or a share link
 * from AMap / Tencent (WeChat) maps (GCJ-02) or Baidu (BD-09).
 */
export function parseCoordinate(input: string): ParsedCoordinate {
  const text = input.trim();
  if (text.length === 0) throw new CoordinateParseError('empty input');
  if (text.length > 2000) throw new CoordinateParseError('input too long');
  return parseShareLink(text) ?? parseMgrs(text) ?? parseDms(text) ?? parseDecimal(text) ?? fail(text);
}

function fail(text: string): never {
  throw new CoordinateParseError(`not a coordinate: ${text.slice(0, 80)}`);
}

function checked(lon: number, lat: number, format: CoordinateFormat, impliedDatum: Datum | null): ParsedCoordinate {
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new CoordinateParseError('coordinates must be numbers');
  if (lat < -90 || lat > 90) throw new CoordinateParseError(`latitude ${lat} outside −90..90`);
  if (lon < -180 || lon > 180) throw new CoordinateParseError(`longitude ${lon} outside −180..180`);
  return { lon, lat, format, impliedDatum };
}

function pair(s: string | null | undefined): [number, number] | null {
  if (!s) return null;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(decodeURIComponent(s));
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function parseShareLink(text: string): ParsedCoordinate | null {
  const urlMatch = /https?:\/\/[^\s"'<>]+/.exec(text);
  if (!urlMatch) return null;
  let url: URL;
  try {
    url = new URL(urlMatch[0]);
  } catch {
    return null;
  }
  const host = url.hostname;
  const q = url.searchParams;
  if (host.endsWith('amap.com')) {
    // uri.amap.com/marker?position=lon,lat ; ditu.amap.com/regeo?lng=…&lat=…
    const p = pair(q.get('position')) ?? pair(q.get('p')?.split(',').slice(1, 3).join(','));
    if (p) return checked(p[0], p[1], 'amap', 'gcj02');
    const lng = q.get('lng');
    const lat = q.get('lat');
    if (lng && lat) return checked(Number(lng), Number(lat), 'amap', 'gcj02');
    throw new CoordinateParseError('AMap link without coordinates (a short link must be opened first)');
  }
  if (host.endsWith('map.qq.com')) {
    // apis.map.qq.com/uri/v1/marker?marker=coord:lat,lng;title:…
    const coord = /coord:\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)/.exec(decodeURIComponent(url.search));
    if (coord) return checked(Number(coord[2]), Number(coord[1]), 'tencent', 'gcj02');
    throw new CoordinateParseError('Tencent map link without coordinates');
  }
  if (host.endsWith('baidu.com')) {
    // api.map.baidu.com/marker?location=lat,lng&coord_type=bd09ll ; map.baidu.com/?latlng=lat,lng
    const p = pair(q.get('location')) ?? pair(q.get('latlng'));
    if (!p) throw new CoordinateParseError('Baidu map link without coordinates');
    const coordType = q.get('coord_type');
    const datum: Datum = coordType === 'wgs84' ? 'wgs84' : coordType === 'gcj02' ? 'gcj02' : 'bd09';
    return checked(p[1], p[0], 'baidu', datum);
  }
  return null;
}

function parseMgrs(text: string): ParsedCoordinate | null {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (!/^\d{1,2}[C-X][A-Z]{2}(\d{2}|\d{4}|\d{6}|\d{8}|\d{10})$/.test(compact)) return null;
  try {
    const [lon, lat] = mgrsToPoint(compact);
    return checked(lon, lat, 'mgrs', 'wgs84');
  } catch (err) {
    throw new CoordinateParseError(`bad MGRS reference: ${(err as Error).message}`);
  }
}

const hemisphere = (s: string): 'N' | 'S' | 'E' | 'W' | null => {
  const map: Record<string, 'N' | 'S' | 'E' | 'W'> = {
    N: 'N',
    S: 'S',
    E: 'E',
    W: 'W',
    北纬: 'N',
    南纬: 'S',
    东经: 'E',
    西经: 'W',
  };
  return map[s.toUpperCase()] ?? map[s] ?? null;
};

function parseDms(text: string): ParsedCoordinate | null {
  const part =
    /(北纬|南纬|东经|西经|[NSEW])?\s*(\d{1,3}(?:\.\d+)?)\s*(?:°|度)\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:'|′|’|分))?\s*(?:(\d{1,2}(?:\.\d+)?)\s*(?:"|″|”|''|秒))?\s*([NSEW])?/gi;
  const parts = [...text.matchAll(part)].filter((m) => m[2] !== undefined);
  if (parts.length !== 2) return null;
  const values = parts.map((m) => {
    const deg = Number(m[2]);
    const min = m[3] ? Number(m[3]) : 0;
    const sec = m[4] ? Number(m[4]) : 0;
    if (min >= 60 || sec >= 60) throw new CoordinateParseError('minutes and seconds must be below 60');
    const hemi = hemisphere(m[1] ?? m[5] ?? '');
    return { value: deg + min / 60 + sec / 3600, hemi };
  });
  let lat: number | undefined;
  let lon: number | undefined;
  for (const [i, v] of values.entries()) {
    const isLat = v.hemi ? v.hemi === 'N' || v.hemi === 'S' : i === 0;
    const signed = v.hemi === 'S' || v.hemi === 'W' ? -v.value : v.value;
    if (isLat) lat = signed;
    else lon = signed;
  }
  if (lat === undefined || lon === undefined) throw new CoordinateParseError('need one latitude and one longitude');
  return checked(lon, lat, 'dms', null);
}

function parseDecimal(text: string): ParsedCoordinate | null {
  const m =
    /^\s*(北纬|南纬|东经|西经|[NSEW])?\s*(-?\d+(?:\.\d+)?)\s*[,，\s]\s*(北纬|南纬|东经|西经|[NSEW])?\s*(-?\d+(?:\.\d+)?)\s*$/i.exec(
      text,
    );
  if (!m) return null;
  const a = Number(m[2]);
  const b = Number(m[4]);
  const ha = hemisphere(m[1] ?? '');
  const hb = hemisphere(m[3] ?? '');
  if (ha || hb) {
    const aIsLat = ha ? ha === 'N' || ha === 'S' : !(hb === 'N' || hb === 'S');
    const sign = (h: string | null, v: number) => (h === 'S' || h === 'W' ? -v : v);
    return aIsLat
      ? checked(sign(hb, b), sign(ha, a), 'decimal', null)
      : checked(sign(ha, a), sign(hb, b), 'decimal', null);
  }
  // AMap/Baidu APIs write "lon,lat"; people and GPS apps write "lat, lon". A value above 90 can only be a longitude.
  if (Math.abs(a) > 90) return checked(a, b, 'decimal', null);
  return checked(b, a, 'decimal', null);
}
