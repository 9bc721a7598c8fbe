import type { BasemapChoice, BasemapChoiceKind, Datum } from '@lookout/contracts';
import { z } from 'zod';
import type { Basemap } from './basemap.ts';

/** An XYZ or WMTS template names the tile by {z}, {x} and {y}; a .pmtiles archive needs none. */
export const tileTemplateProblem = (url: string): string | null =>
  !/^https?:\/\//i.test(url) || /\.pmtiles(\?|$)/i.test(url) || ['{z}', '{x}', '{y}'].every((p) => url.includes(p))
    ? null
    : 'an XYZ or WMTS tile template needs {z}, {x} and {y} (or give a .pmtiles file or URL)';

const template = z
  .string()
  .regex(/^https?:\/\//i, 'an http(s) URL')
  .superRefine((u, ctx) => {
    const problem = tileTemplateProblem(u);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** BASEMAPS: more basemaps for the switcher, as JSON. */
export const extraBasemaps = z
  .array(
    z.strictObject({
      name: z.string().min(1).max(40),
      kind: z.enum(['street', 'satellite', 'terrain']),
      url: template,
      /** A second template drawn over it: place names and roads on a satellite picture (天地图 cia). */
      labels: template.optional(),
      datum: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
      attribution: z.string().max(200).optional(),
    }),
  )
  .max(12);
export type ExtraBasemap = z.infer<typeof extraBasemaps>[number];

/** 天地图's Web-Mercator WMTS (`_w`) as an XYZ template over its eight hosts; CGCS2000 is WGS-84 to a metre. */
function tianditu(layer: string, key: string): string {
  return (
    `https://t{0-7}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
    `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`
  );
}

const TIANDITU: { kind: BasemapChoiceKind; name: string; base: string; labels: string }[] = [
  { kind: 'street', name: '天地图 矢量', base: 'vec', labels: 'cva' },
  { kind: 'satellite', name: '天地图 影像', base: 'img', labels: 'cia' },
  { kind: 'terrain', name: '天地图 地形', base: 'ter', labels: 'cta' },
];

/**
 * The basemaps a user can switch between, in the switcher's order: the station's own (BASEMAP_URL or a PMTiles
 * file under data/basemap/), those of BASEMAPS, then 天地图's three with TIANDITU_KEY. Empty → the offline sketch.
 */
export function basemapChoices(options: {
  main: Basemap;
  mainDatum: Datum;
  extra: ExtraBasemap[];
  tiandituKey: string | undefined;
}): BasemapChoice[] {
  const out: BasemapChoice[] = [];
  const { main } = options;
  if (main.kind !== 'fallback')
    out.push({
      id: 'station',
      kind: 'street',
      name: '',
      source: {
        kind: main.kind,
        url: main.url,
        // Lookout's vector tiles are built from OpenStreetMap, which is WGS-84 whatever BASEMAP_DATUM says.
        datum: main.kind === 'vector' ? 'wgs84' : options.mainDatum,
        ...(main.kind === 'vector'
          ? { minzoom: main.minzoom, maxzoom: main.maxzoom, ...(main.bounds ? { bounds: main.bounds } : {}) }
          : {}),
        ...(main.attribution ? { attribution: main.attribution } : {}),
      },
    });
  options.extra.forEach((b, i) =>
    out.push({
      id: `extra-${i + 1}`,
      kind: b.kind,
      name: b.name,
      source: {
        kind: /\.pmtiles(\?|$)/i.test(b.url) ? 'pmtiles' : 'xyz',
        url: b.url,
        datum: b.datum,
        ...(b.labels ? { labels: b.labels } : {}),
        ...(b.attribution ? { attribution: b.attribution } : {}),
      },
    }),
  );
  if (options.tiandituKey)
    for (const t of TIANDITU)
      out.push({
        id: `tianditu-${t.base}`,
        kind: t.kind,
        name: t.name,
        source: {
          kind: 'xyz',
          url: tianditu(t.base, options.tiandituKey),
          labels: tianditu(t.labels, options.tiandituKey),
          datum: 'wgs84',
          attribution: '天地图 © 国家地理信息公共服务平台',
        },
      });
  return out;
}

/** Every tile URL of the choices (for the page's Content-Security-Policy). */
export function choiceTileUrls(choices: BasemapChoice[]): string[] {
  return choices.flatMap((c) => [c.source.url ?? '', c.source.labels ?? '']).filter(Boolean);
}
