import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MbtilesError, NO_TILES, openMbtiles } from '../system/mbtiles.ts';

/**
 * `lookout basemap build`: vector tiles of the station's area from an OpenStreetMap extract, made by tilemaker
 * (Debian's `tilemaker`) with Lookout's own small schema (tilemaker-config.json, tilemaker-process.lua beside this
 * file), written to `<dataDir>/basemap/<name>.mbtiles`, which the server serves as the station's basemap.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const TILEMAKER_CONFIG = path.join(HERE, 'tilemaker-config.json');
export const TILEMAKER_PROCESS = path.join(HERE, 'tilemaker-process.lua');

export class BasemapBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BasemapBuildError';
  }
}

export interface BuildOptions {
  input: string;
  dataDir: string;
  /** The file's name under data/basemap/ (default: the input's name without .osm.pbf / .osm). */
  name?: string;
  /** Progress of the tools (tilemaker's own lines). */
  onOutput?: (text: string) => void;
  tilemaker?: string;
  osmium?: string;
}

export interface BuildResult {
  file: string;
  tiles: number;
  minzoom: number;
  maxzoom: number;
  bounds?: [number, number, number, number];
  ms: number;
}

type OsmFormat = 'pbf' | 'xml';

/** What the file holds, by its first bytes: an OSM PBF starts with a BlobHeader of type "OSMHeader". */
async function osmFormat(file: string): Promise<OsmFormat> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new BasemapBuildError(`no such file: ${file}`);
  }
  if (!info.isFile()) throw new BasemapBuildError(`not a file: ${file}`);
  const handle = await open(file, 'r');
  const head = Buffer.alloc(256);
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (head.subarray(0, 64).includes('OSMHeader')) return 'pbf';
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (/^\s*(<\?xml[^>]*>\s*)?<osm[\s>]/.test(text)) return 'xml';
  throw new BasemapBuildError(`${file} is not an OpenStreetMap extract (.osm.pbf, or .osm XML)`);
}

export function defaultName(input: string): string {
  return path.basename(input).replace(/(\.osm)?(\.pbf|\.xml)?$/i, '') || 'basemap';
}

function run(
  tool: string,
  args: string[],
  install: string,
  onOutput?: (text: string) => void,
): Promise<{ code: number; tail: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const take = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      onOutput?.(text);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new BasemapBuildError(
          err.code === 'ENOENT' ? `${tool} is not installed (${install})` : `${tool} could not start: ${err.message}`,
        ),
      ),
    );
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), tail }));
  });
}

/** The last lines a tool printed, without its progress counters. */
function lastLines(text: string, n = 6): string {
  return text
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-n)
    .join('\n');
}

export async function buildBasemap(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const tilemaker = options.tilemaker ?? 'tilemaker';
  const osmium = options.osmium ?? 'osmium';
  const name = options.name ?? defaultName(options.input);
  if (!/^[\p{L}\p{N}_-][\p{L}\p{N}_.-]{0,79}$/u.test(name))
    throw new BasemapBuildError(`bad name "${name}": letters, digits, '-', '_' and '.', at most 80`);
  const format = await osmFormat(options.input);
  const dir = path.join(options.dataDir, 'basemap');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.mbtiles`);
  const work = await mkdtemp(path.join(tmpdir(), 'lookout-basemap-'));
  // Built under a hidden name beside the target and renamed when done: the server never sees half a file.
  const building = path.join(dir, `.${name}.${process.pid}.building.mbtiles`);
  try {
    let pbf = path.resolve(options.input);
    if (format === 'xml') {
      // tilemaker reads only PBF.
      pbf = path.join(work, 'input.osm.pbf');
      const converted = await run(
        osmium,
        ['cat', path.resolve(options.input), '-o', pbf, '--overwrite'],
        'apt-get install osmium-tool, or give a .osm.pbf',
        options.onOutput,
      );
      if (converted.code !== 0)
        throw new BasemapBuildError(`osmium could not read ${options.input}:\n${lastLines(converted.tail)}`);
    }
    const made = await run(
      tilemaker,
      [
        '--input',
        pbf,
        '--output',
        building,
        '--config',
        TILEMAKER_CONFIG,
        '--process',
        TILEMAKER_PROCESS,
        '--store',
        path.join(work, 'store'),
      ],
      'apt-get install tilemaker',
      options.onOutput,
    );
    if (made.code !== 0) throw new BasemapBuildError(`tilemaker failed (exit ${made.code}):\n${lastLines(made.tail)}`);
    let check;
    try {
      check = openMbtiles(building);
    } catch (err) {
      if (err instanceof MbtilesError && err.reason === NO_TILES)
        throw new BasemapBuildError(
          `${options.input} has nothing Lookout draws (roads, paths, water, places or peaks): no tiles were made`,
        );
      throw new BasemapBuildError(`tilemaker wrote no usable MBTiles file: ${(err as Error).message}`);
    }
    const tiles = check.count();
    check.close();
    await rename(building, file);
    const { info } = check;
    return {
      file,
      tiles,
      minzoom: info.minzoom,
      maxzoom: info.maxzoom,
      ...(info.bounds ? { bounds: info.bounds } : {}),
      ms: Math.round(performance.now() - started),
    };
  } finally {
    await rm(building, { force: true });
    await rm(work, { recursive: true, force: true });
  }
}
