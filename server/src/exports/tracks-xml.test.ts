import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseExportData } from './case-export.ts';
import type { Track } from './exports.repo.ts';
import { caseGpx } from './tracks-xml.ts';

const XSD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'xsd', 'gpx-1.1.xsd');
const dir = mkdtempSync(path.join(tmpdir(), 'lookout-gpx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A case export with only the given tracks (the GPX reads the case's title, id, kind and window). */
function exportWith(tracks: Track[]): CaseExportData {
  return {
    detail: {
      case: { id: 'c1', kind: 'lost_person', title: 'Heights', createdAt: '2026-11-21T08:00:00.000Z', ipp: null },
      callerLocations: { type: 'FeatureCollection', features: [] },
    },
    sightings: [],
    tracks,
    window: { from: '2026-11-21T08:00:00.000Z', to: '2026-11-21T09:00:00.000Z' },
    truncated: false,
    names: new Map(),
    generatedAt: '2026-11-21T09:00:00.000Z',
  } as unknown as CaseExportData;
}

const dji: Track = {
  kind: 'drone',
  id: 'dji-1',
  callsign: 'M3TD-EMO1',
  points: [{ t: '2026-11-21T08:10:00.000Z', lon: 120.07, lat: 28.95, altM: 151.7, altEllipsoidM: 160.5000019 }],
};

describe('caseGpx heights', () => {
  it('names <ele> as EGM96 mean sea level and the ellipsoid height extension in the metadata and track', () => {
    const gpx = caseGpx(exportWith([dji]));
    expect(gpx).toMatch(/<metadata>[\s\S]*<desc>[^<]*EGM96 mean sea level; ellipsoid height/);
    expect(gpx).toContain('<desc>ele: EGM96 mean sea level (m); ellipsoid height in extension</desc>');
  });

  it('writes the ellipsoid height as an extension and the geoid separation as <geoidheight>', () => {
    const gpx = caseGpx(exportWith([dji]));
    expect(gpx).toContain('<ele>151.7</ele>');
    expect(gpx).toContain('<geoidheight>8.8</geoidheight>');
    expect(gpx).toMatch(/<extensions>\s*<lookout:ellipsoidHeight>160.5<\/lookout:ellipsoidHeight>\s*<\/extensions>/);
  });

  it('writes only <ele> for a drone that reports no ellipsoid height', () => {
    const gpx = caseGpx(exportWith([{ ...dji, points: [{ ...dji.points[0]!, altEllipsoidM: null }] }]));
    expect(gpx).toContain('<ele>151.7</ele>');
    expect(gpx).not.toContain('<extensions>');
    expect(gpx).not.toContain('<geoidheight>');
  });

  it('stays valid GPX 1.1 (xmllint against the TopoGrafix XSD)', () => {
    const file = path.join(dir, 'heights.gpx');
    writeFileSync(file, caseGpx(exportWith([dji])));
    expect(() => execFileSync('/usr/bin/xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' })).not.toThrow();
  });
});
