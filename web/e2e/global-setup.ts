import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Build the web app and the caller page once per run, before the browser tests (they share web/dist). */
export default function setup(): void {
  // vitest sets NODE_ENV=test, which would make vite bundle React's development build (StrictMode runs every
  // effect twice): the browser tests and the benchmarks after them must see what `npm start` serves.
  const build = spawnSync('npm', ['run', 'build', '-w', '@lookout/web'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}${build.stderr}`);
}
