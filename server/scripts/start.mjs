#!/usr/bin/env node
// `npm start` on a fresh clone: build the web app when it is missing or older than its sources, then run the
// requested component with tsx (TypeScript straight from source, no separate build step).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const component = process.argv[2] ?? 'all';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function webIsStale() {
  const built = path.join(root, 'web/dist/index.html');
  if (!existsSync(built)) return true;
  // A checkout from before the Pilot 2 page was added has the other builds but not this one.
  if (!existsSync(path.join(root, 'web/dist-pilot2/index.html'))) return true;
  const sources = ['contracts/src', 'web/src', 'web/caller', 'web/card', 'web/pilot2', 'web/index.html', 'web/public', 'web/vite.config.ts'].map((p) => path.join(root, p)).filter(existsSync);
  const newestSource = Math.max(...sources.map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)));
  return newestSource > statSync(built).mtimeMs;
}

if (component !== 'bridge' && webIsStale()) {
  process.stdout.write('Building the web app…\n');
  const r = spawnSync('npm', ['run', 'build', '-w', '@lookout/web'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`${r.stdout}${r.stderr}\nThe web app did not build (above).\n`);
  // After `npm install` (postinstall) a failed build is reported, not fatal: `npm start` tries again.
  if (r.status !== 0 && component !== '--build-only') process.exit(r.status ?? 1);
}
if (component === '--build-only') {
  // The migrated embedded database that a fresh data folder starts from (about 9 s here instead of at first start).
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'db/scripts/build-pglite-seed.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.stderr.write('The embedded database seed was not built; the first start creates it.\n');
  process.exit(0);
}

const entry = component === 'bridge' ? 'drone-bridge/src/main.ts' : 'server/src/main.ts';
const args = ['--import', 'tsx', path.join(root, entry), ...(component === 'server' ? ['server'] : [])];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
