import { create } from 'xmlbuilder2';
import type { CaseExportData } from './case-export.ts';

const GPX_NS = 'http://www.topografix.com/GPX/1/1';
const KML_NS = 'http://www.opengis.net/kml/2.2';
/** Lookout's GPX extension elements (GPX 1.1 takes elements of any other namespace in `<extensions>`). */
export const LOOKOUT_GPX_NS = 'urn:lookout:gpx:1';
/** Which height each number is: said in the file, since GPX itself leaves `<ele>`'s reference open. */
export const GPX_HEIGHTS =
  'Heights: <ele> is metres above EGM96 mean sea level; ellipsoid height (WGS-84) in the extension ' +
  'lookout:ellipsoidHeight, and <geoidheight> the geoid above the ellipsoid, where the drone reported it.';
const CREATOR = 'Lookout';

/** xsd:decimal (no exponent), 7 decimals. */
const dec = (v: number) => v.toFixed(7).replace(/\.?0+$/, '');
/** Heights to the centimetre (a `real` column's float noise left out). */
const metres = (v: number) => v.toFixed(2).replace(/\.?0+$/, '');
/** GPX longitudeType is [-180, 180). */
const gpxLon = (v: number) => dec(v >= 180 ? v - 360 : v);

interface Waypoint {
  lon: number;
  lat: number;
  t: string | null;
  name: string;
  desc: string;
  type: string;
}

/** The points a GPX or KML file marks: the IPP, the caller's fixes and the sightings of the case. */
export function waypoints(d: CaseExportData): Waypoint[] {
  const c = d.detail.case;
  const out: Waypoint[] = [];
  if (c.ipp) out.push({ ...c.ipp, t: c.createdAt, name: 'IPP', desc: c.title, type: 'ipp' });
  for (const f of d.detail.callerLocations.features) {
    const p = f.properties;
    out.push({
      lon: f.geometry.coordinates[0],
      lat: f.geometry.coordinates[1],
      t: p.t,
      name: `caller ${f.id}`,
      desc: `source ${p.source}, datum received ${p.datumReceived}, accuracy ${p.accuracyM} m`,
      type: 'caller_location',
    });
  }
  for (const s of d.sightings) {
    out.push({
      lon: s.lon,
      lat: s.lat,
      t: s.t,
      name: `sighting ${s.id}`,
      desc: `${s.kind}${s.count ? ` ×${s.count}` : ''} by ${s.droneCallsign}${s.note ? `: ${s.note}` : ''}`,
      type: 'sighting',
    });
  }
  return out;
}

/** GPX 1.1: waypoints for the IPP, caller fixes and sightings; one <trk> per drone and per unit in the window. */
export function caseGpx(d: CaseExportData): string {
  const c = d.detail.case;
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(GPX_NS, 'gpx', {
    version: '1.1',
    creator: CREATOR,
    'xmlns:lookout': LOOKOUT_GPX_NS,
  });
  const meta = root.ele('metadata');
  meta.ele('name').txt(c.title);
  meta.ele('desc').txt(`Lookout case ${c.id} (${c.kind}), ${d.window.from} – ${d.window.to}. ${GPX_HEIGHTS}`);
  meta.ele('time').txt(d.generatedAt);
  for (const w of waypoints(d)) {
    const wpt = root.ele('wpt', { lat: dec(w.lat), lon: gpxLon(w.lon) });
    if (w.t) wpt.ele('time').txt(w.t);
    wpt.ele('name').txt(w.name);
    wpt.ele('desc').txt(w.desc);
    wpt.ele('type').txt(w.type);
  }
  for (const t of d.tracks) {
    if (!t.points.length) continue;
    const trk = root.ele('trk');
    trk.ele('name').txt(t.callsign);
    if (t.kind === 'drone') trk.ele('desc').txt('ele: EGM96 mean sea level (m); ellipsoid height in extension');
    trk.ele('src').txt(t.kind === 'drone' ? `drone ${t.id}` : `unit ${t.id}`);
    trk.ele('type').txt(t.kind);
    const seg = trk.ele('trkseg');
    for (const p of t.points) {
      const pt = seg.ele('trkpt', { lat: dec(p.lat), lon: gpxLon(p.lon) });
      const msl = p.altM !== null && Number.isFinite(p.altM) ? p.altM : null;
      const ellipsoid = p.altEllipsoidM !== null && Number.isFinite(p.altEllipsoidM) ? p.altEllipsoidM : null;
      if (msl !== null) pt.ele('ele').txt(metres(msl));
      pt.ele('time').txt(p.t);
      if (msl !== null && ellipsoid !== null) pt.ele('geoidheight').txt(metres(ellipsoid - msl));
      if (ellipsoid !== null)
        pt.ele('extensions').ele(LOOKOUT_GPX_NS, 'lookout:ellipsoidHeight').txt(metres(ellipsoid));
    }
  }
  return root.end({ prettyPrint: true });
}

/** Two-dimensional (clamped to ground): drone altitudes stay in the GPX `ele`. */
const kmlCoord = (lon: number, lat: number) => `${dec(lon)},${dec(lat)}`;

/** KML 2.2: the same waypoints as Placemarks with Points, each track a Placemark with a LineString and its span. */
export function caseKml(d: CaseExportData): string {
  const c = d.detail.case;
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(KML_NS, 'kml').ele('Document');
  doc.ele('name').txt(c.title);
  doc.ele('description').txt(`Lookout case ${c.id} (${c.kind}), ${d.window.from} – ${d.window.to}`);
  const marks = doc.ele('Folder');
  marks.ele('name').txt('Points');
  for (const w of waypoints(d)) {
    const pm = marks.ele('Placemark');
    pm.ele('name').txt(w.name);
    pm.ele('description').txt(w.desc);
    if (w.t) pm.ele('TimeStamp').ele('when').txt(w.t);
    pm.ele('ExtendedData').ele('Data', { name: 'type' }).ele('value').txt(w.type);
    pm.ele('Point').ele('coordinates').txt(kmlCoord(w.lon, w.lat));
  }
  const tracks = doc.ele('Folder');
  tracks.ele('name').txt('Tracks');
  for (const t of d.tracks) {
    if (!t.points.length) continue;
    const pm = tracks.ele('Placemark');
    pm.ele('name').txt(t.callsign);
    pm.ele('description').txt(`${t.kind} ${t.id}, ${t.points.length} points`);
    const span = pm.ele('TimeSpan');
    span.ele('begin').txt(t.points[0]!.t);
    span.ele('end').txt(t.points[t.points.length - 1]!.t);
    pm.ele('ExtendedData').ele('Data', { name: 'type' }).ele('value').txt(`${t.kind}_track`);
    const coords = t.points.map((p) => kmlCoord(p.lon, p.lat)).join(' ');
    if (t.points.length >= 2) {
      pm.ele('LineString').ele('coordinates').txt(coords);
    } else pm.ele('Point').ele('coordinates').txt(coords);
  }
  return doc.end({ prettyPrint: true });
}
