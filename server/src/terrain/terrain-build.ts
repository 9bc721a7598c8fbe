import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { encodeTerrarium, TERRAIN_TILE_SIZE as SIZE, type TerrainMetadata } from '@lookout/contracts';
import { fillNearest } from './fill.ts';
import { runGdal, TerrainBuildError } from './gdal.ts';

export { TerrainBuildError } from './gdal.ts';

export interface TerrainBuildOptions {
  /** The station's DEM: a georeferenced GeoTIFF (any raster GDAL reads, in any CRS, heights in metres). */
  dem: string;
  /** `<dataDir>/basemap/terrain`: the tiles go to `<terrainDir>/<name>/{z}/{x}/{y}.png`. */
  terrainDir: string;
  /** Default: the DEM's file name without its extension. */
  name?: string;
  /** Default: the zoom whose pixels match the DEM's cells. */
  maxzoom?: number;
  /** Progress and warnings, one line each. */
  say: (line: string) => void;
}

export interface TerrainBuildResult {
  dir: string;
  metadata: TerrainMetadata;
  seconds: number;
}

/** Heights the warp leaves where the DEM has nothing (outside it, or an unfilled hole). */
const NO_DATA = -999999;
const isHole = (v: number) => !(v > NO_DATA + 1);
/** Tiles per side of one warp: 8×8 tiles = 2048×2048 cells = 16 MB of heights in memory at a time. */
const CHUNK = 8;
const WORLD_M = 20037508.342789244;

interface DemInfo {
  width: number;
  height: number;
  bounds: [number, number, number, number];
  noDataShare: number;
  min: number;
  max: number;
}

/**
 * Turns a DEM into Terrarium terrain tiles with GDAL: each block of tiles is warped to Web Mercator (gdalwarp,
 * bilinear at the top zoom, averaged below) into raw Float32, encoded and written as PNG. Holes are filled first
 * (gdal_fillnodata.py, interpolated from their edges) and said; the margin outside the DEM inside an edge tile takes
 * the nearest height, so neither becomes a −32768 m cliff. Built aside and swapped in at the end: a failed build
 * leaves the previous terrain of that name as it was.
 */
export async function buildTerrain(options: TerrainBuildOptions): Promise<TerrainBuildResult> {
  const started = performance.now();
  const { say } = options;
  const file = await stat(options.dem).catch(() => null);
  if (!file?.isFile()) throw new TerrainBuildError(`No such file: ${options.dem}`);
  const name = options.name ?? path.basename(options.dem).replace(/\.[^.]+$/, '');
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.'))
    throw new TerrainBuildError(`Bad terrain name "${name}": use letters, digits, . _ - (give one with --name)`);

  const info = await demInfo(options.dem);
  const maxzoom = options.maxzoom ?? nativeZoom(info);
  const minzoom = Math.max(0, Math.min(maxzoom, Math.floor(Math.log2(360 / (info.bounds[2] - info.bounds[0]))) - 3));
  say(
    `DEM ${path.basename(options.dem)}: ${info.width}×${info.height} cells, ${info.min.toFixed(1)}–${info.max.toFixed(1)} m, ` +
      `bounds ${info.bounds.map((v) => v.toFixed(5)).join(',')}; zooms ${minzoom}–${maxzoom}`,
  );

  await mkdir(options.terrainDir, { recursive: true });
  const work = await mkdtemp(path.join(os.tmpdir(), 'lookout-terrain-'));
  const building = path.join(options.terrainDir, `.${name}.building-${process.pid}`);
  try {
    let source = options.dem;
    if (info.noDataShare > 0) {
      say(
        `warning: ${percent(info.noDataShare)} of the DEM has no data (holes or a blank margin); those cells are filled ` +
          'from the heights around them, so the terrain there is an estimate, not a measurement',
      );
      source = path.join(work, 'filled.tif');
      const reach = String(Math.max(info.width, info.height));
      await runGdal('gdal_fillnodata.py', ['-q', '-md', reach, '-b', '1', '-of', 'GTiff', options.dem, source]);
    }

    await rm(building, { recursive: true, force: true });
    let tiles = 0;
    for (let z = minzoom; z <= maxzoom; z++) {
      const made = await buildZoom({ source, z, top: z === maxzoom, bounds: info.bounds, work, out: building });
      tiles += made;
      say(`zoom ${z}: ${made} tiles`);
    }
    const metadata: TerrainMetadata = {
      name,
      encoding: 'terrarium',
      tileSize: SIZE,
      minzoom,
      maxzoom,
      bounds: info.bounds,
      minElevationM: info.min,
      maxElevationM: info.max,
      noDataShare: info.noDataShare,
      source: path.basename(options.dem),
      builtAt: new Date().toISOString(),
      tiles,
    };
    await writeFile(path.join(building, 'metadata.json'), `${JSON.stringify(metadata, null, 2)}\n`);
    const dir = path.resolve(options.terrainDir, name);
    if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
    await rename(building, dir);
    return { dir, metadata, seconds: (performance.now() - started) / 1000 };
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(building, { recursive: true, force: true });
  }
}

async function demInfo(dem: string): Promise<DemInfo> {
  let json: string;
  try {
    json = await runGdal('gdalinfo', ['-json', '-stats', dem]);
  } catch (err) {
    if (err instanceof TerrainBuildError && / is not on PATH/.test(err.message)) throw err;
    throw new TerrainBuildError(`${dem} is not a raster GDAL can read (a GeoTIFF DEM is expected)`);
  }
  const d = JSON.parse(json) as {
    size: [number, number];
    coordinateSystem?: { wkt?: string };
    wgs84Extent?: { coordinates: [number, number][][] };
    bands: {
      metadata?: Record<string, Record<string, string>>;
    }[];
  };
  const band = d.bands[0];
  if (!d.coordinateSystem?.wkt || !d.wgs84Extent || !band)
    throw new TerrainBuildError(`${dem} has no coordinate system: a georeferenced GeoTIFF DEM is expected`);
  const stats = band.metadata?.[''] ?? {};
  const validPercent = Number(stats.STATISTICS_VALID_PERCENT ?? 100);
  if (!(validPercent > 0) || stats.STATISTICS_MINIMUM === undefined)
    throw new TerrainBuildError(`${dem} has no heights at all: every cell is no-data`);
  const ring = d.wgs84Extent.coordinates[0]!;
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  const info: DemInfo = {
    width: d.size[0],
    height: d.size[1],
    bounds: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
    noDataShare: Math.round((100 - validPercent) * 100) / 10000,
    min: Number(stats.STATISTICS_MINIMUM),
    max: Number(stats.STATISTICS_MAXIMUM),
  };
  if (info.min < -12000 || info.max > 9000)
    throw new TerrainBuildError(
      `${dem} has heights of ${info.min}…${info.max} m: not a DEM in metres, or its no-data value is not declared ` +
        '(set it with gdal_edit.py -a_nodata <value>)',
    );
  return info;
}

/** The zoom whose 256-pixel tiles have about the DEM's cell size (from 0 to 15). */
function nativeZoom(info: DemInfo): number {
  const [w, s, e, n] = info.bounds;
  const cos = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const cellM = Math.min(((e - w) * 111_320 * cos) / info.width, ((n - s) * 110_574) / info.height);
  const zoom = Math.log2((2 * WORLD_M * cos) / SIZE / cellM);
  return Math.max(0, Math.min(15, Math.ceil(zoom - 0.25)));
}

function tileRange(bounds: [number, number, number, number], z: number) {
  const n = 2 ** z;
  const tx = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const ty = (lat: number) => {
    const s = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
    return Math.min(n - 1, Math.max(0, Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n)));
  };
  return { x0: tx(bounds[0]), x1: tx(bounds[2]), y0: ty(bounds[3]), y1: ty(bounds[1]) };
}

/**
 * One zoom's tiles: the DEM's and a ring of one tile around them, because maplibre-contour draws a tile's lines
 * only with all 8 neighbours at hand. Each block is warped with a margin of one tile on every side, so the
 * nearest-height fill of the ring and of block edges sees the heights beyond them.
 */
async function buildZoom(o: {
  source: string;
  z: number;
  top: boolean;
  bounds: [number, number, number, number];
  work: string;
  out: string;
}): Promise<number> {
  const last = 2 ** o.z - 1;
  const r = tileRange(o.bounds, o.z);
  const [x0, x1, y0, y1] = [
    Math.max(0, r.x0 - 1),
    Math.min(last, r.x1 + 1),
    Math.max(0, r.y0 - 1),
    Math.min(last, r.y1 + 1),
  ];
  const tileM = (2 * WORLD_M) / 2 ** o.z;
  let made = 0;
  for (let cy = y0; cy <= y1; cy += CHUNK)
    for (let cx = x0; cx <= x1; cx += CHUNK) {
      const nx = Math.min(CHUNK, x1 - cx + 1);
      const ny = Math.min(CHUNK, y1 - cy + 1);
      // The window: the block and one tile around it (within the world).
      const wx = Math.max(0, cx - 1);
      const wy = Math.max(0, cy - 1);
      const wnx = Math.min(last, cx + nx) - wx + 1;
      const wny = Math.min(last, cy + ny) - wy + 1;
      const width = wnx * SIZE;
      const height = wny * SIZE;
      const raw = path.join(o.work, `z${o.z}.bil`);
      await runGdal('gdalwarp', [
        '-q',
        '-overwrite',
        '-t_srs',
        'EPSG:3857',
        '-te',
        String(-WORLD_M + wx * tileM),
        String(WORLD_M - (wy + wny) * tileM),
        String(-WORLD_M + (wx + wnx) * tileM),
        String(WORLD_M - wy * tileM),
        '-ts',
        String(width),
        String(height),
        '-r',
        o.top ? 'bilinear' : 'average',
        '-ot',
        'Float32',
        '-dstnodata',
        String(NO_DATA),
        '-of',
        'ENVI',
        o.source,
        raw,
      ]);
      const bytes = await readFile(raw);
      const heights = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + width * height * 4));
      if (heights.every(isHole)) continue;
      fillNearest(heights, width, height, isHole);
      for (let ty = 0; ty < ny; ty++)
        for (let tx = 0; tx < nx; tx++) {
          const file = path.join(o.out, String(o.z), String(cx + tx), `${cy + ty}.png`);
          await writeTile(heights, width, cx + tx - wx, cy + ty - wy, file);
          made++;
        }
    }
  return made;
}

async function writeTile(heights: Float32Array, width: number, tx: number, ty: number, file: string): Promise<void> {
  const rgb = Buffer.alloc(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const [r, g, b] = encodeTerrarium(heights[(ty * SIZE + y) * width + tx * SIZE + x]!);
      const i = (y * SIZE + x) * 3;
      rgb[i] = r;
      rgb[i + 1] = g;
      rgb[i + 2] = b;
    }
  await mkdir(path.dirname(file), { recursive: true });
  await sharp(rgb, { raw: { width: SIZE, height: SIZE, channels: 3 } })
    .png({ compressionLevel: 6 })
    .toFile(file);
}

const percent = (share: number) => `${(share * 100).toFixed(share < 0.001 ? 3 : 1)} %`;
