import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSampleOsm } from './testing/sample-osm.ts';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'lookout-basemap-cli-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** `npm run lookout -- …` as the operator runs it (tsx on the CLI), with its own data folder. */
function lookout(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, LOOKOUT_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lookout basemap build', () => {
  it('builds the extract and prints the file’s path as its last line', async () => {
    const work = tempDir();
    const input = await writeSampleOsm(path.join(work, 'yongkang.osm'), [120.07, 28.95]);
    const dataDir = path.join(work, 'data');
    const r = lookout(dataDir, 'basemap', 'build', input, '--name', 'station');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const file = lines.at(-1)!;
    expect(file).toBe(path.join(dataDir, 'basemap', 'station.mbtiles'));
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(lines.at(-2)).toMatch(/^Built \d+ tiles, zoom 8–14, bounds 120\.05\d*,28\.93\d*,120\.09\d*,28\.97\d*, in /);
  }, 120_000);

  it('fails with a message and a non-zero exit on a file that is not OSM data', () => {
    const work = tempDir();
    const input = path.join(work, 'area.osm.pbf');
    writeFileSync(input, '{"type":"FeatureCollection","features":[]}');
    const r = lookout(work, 'basemap', 'build', input);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not an OpenStreetMap extract (.osm.pbf, or .osm XML)');
    expect(r.stdout).toBe('');
  }, 120_000);

  it('prints the usage without an input file', () => {
    const r = lookout(tempDir(), 'basemap', 'build');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('basemap build <area.osm.pbf|area.osm> [--name <name>]');
  }, 120_000);
});
