import { writeFile } from 'node:fs/promises';

/**
 * A small hand-made OpenStreetMap extract (.osm XML) around a centre, for the basemap build's tests: a provincial
 * road and a village road, a footpath up to a named peak, a reservoir and a village. Names follow Chinese OSM
 * practice; the peak's `name` is romanised with `name:zh` beside it, so a test can see the Chinese name preferred.
 */
export const SAMPLE = {
  peak: '鹰嘴峰',
  peakName: 'Yingzui Feng',
  peakEle: 812,
  village: '石门村',
  reservoir: '石门水库',
  road: '省道205',
  path: '鹰嘴峰步道',
} as const;

interface Node {
  id: number;
  lon: number;
  lat: number;
  tags?: Record<string, string>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const tagLines = (tags: Record<string, string>) =>
  Object.entries(tags).map(([k, v]) => `    <tag k="${esc(k)}" v="${esc(v)}"/>`);

/** The sample's .osm XML around [lon, lat] (about ±2 km). */
export function sampleOsm(centre: [number, number]): string {
  const [cx, cy] = centre;
  let next = 1;
  const nodes: Node[] = [];
  const node = (dx: number, dy: number, tags?: Record<string, string>): number => {
    const id = next++;
    nodes.push({ id, lon: +(cx + dx).toFixed(7), lat: +(cy + dy).toFixed(7), ...(tags ? { tags } : {}) });
    return id;
  };
  const ways: { id: number; refs: number[]; tags: Record<string, string> }[] = [];
  const way = (refs: number[], tags: Record<string, string>) => ways.push({ id: 1000 + ways.length, refs, tags });

  // A provincial road across the area, west to east, and a village road north from it to the village.
  const r1 = [node(-0.018, -0.004), node(-0.006, -0.002), node(0.004, -0.003), node(0.018, -0.001)];
  way(r1, { highway: 'secondary', name: SAMPLE.road, ref: 'S205' });
  const village = node(-0.004, 0.006, {
    place: 'village',
    name: SAMPLE.village,
    'name:zh-Hans': SAMPLE.village,
    'name:en': 'Shimen',
  });
  way([r1[1]!, node(-0.005, 0.002), node(-0.004, 0.0055)], { highway: 'unclassified', name: '石门路' });
  // A footpath from the village road up the hill to the peak.
  const peak = node(0.01, 0.012, { natural: 'peak', name: SAMPLE.peakName, 'name:zh': SAMPLE.peak, ele: '812' });
  way([village, node(0.0, 0.009), node(0.005, 0.0095), node(0.008, 0.011), peak], {
    highway: 'path',
    name: SAMPLE.path,
  });
  // A reservoir south of the road (a closed way).
  const ring = [
    node(-0.012, -0.008),
    node(-0.002, -0.0075),
    node(0.004, -0.01),
    node(0.001, -0.015),
    node(-0.01, -0.014),
  ];
  way([...ring, ring[0]!], { natural: 'water', water: 'reservoir', landuse: 'reservoir', name: SAMPLE.reservoir });

  const minLon = cx - 0.02;
  const maxLon = cx + 0.02;
  const minLat = cy - 0.02;
  const maxLat = cy + 0.02;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<osm version="0.6" generator="lookout-test">',
    `  <bounds minlat="${minLat}" minlon="${minLon}" maxlat="${maxLat}" maxlon="${maxLon}"/>`,
    ...nodes.flatMap((n) => {
      const head = `  <node id="${n.id}" version="1" lat="${n.lat}" lon="${n.lon}"`;
      return n.tags ? [`${head}>`, ...tagLines(n.tags), '  </node>'] : [`${head}/>`];
    }),
    ...ways.flatMap((w) => [
      `  <way id="${w.id}" version="1">`,
      ...w.refs.map((r) => `    <nd ref="${r}"/>`),
      ...tagLines(w.tags),
      '  </way>',
    ]),
    '</osm>',
    '',
  ].join('\n');
}

export async function writeSampleOsm(file: string, centre: [number, number]): Promise<string> {
  await writeFile(file, sampleOsm(centre));
  return file;
}
