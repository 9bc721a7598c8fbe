/**
 * `npm run bench:startup`: time from `npm start` to the map's first `idle` with the demo drones drawn, on a fresh
 * data folder (first start: PGlite+PostGIS created) and again on the same folder (second start). The web app is
 * built beforehand, as `npm install` does. Prints figures and ends with one key=value line (DESIGN §8).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, launchChromium } from '../e2e/harness.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  readyS: number;
  mapS: number;
  /** Seconds from `npm start` at which each browser step ended. */
  steps: Record<string, number>;
}

async function startOnce(
  dataDir: string,
  password: () => string | undefined,
  remember: (p: string) => void,
): Promise<Run> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  const t0 = Date.now();
  const child: ChildProcess = spawn('npm', ['start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOOKOUT_DATA_DIR: dataDir,
      PORT: String(port),
      EMBEDDED_MQTT_PORT: String(mqttPort),
      DATABASE_URL: '',
      MQTT_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (b: Buffer) => {
      log += b.toString();
      const url = /Lookout ready: (\S+)/.exec(log)?.[1];
      const commander = /^\s*commander \/ (\S+) \/ commander\s*$/m.exec(log)?.[1];
      if (commander) remember(commander);
      if (url && password()) resolve(url);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${log.slice(-3000)}`)));
  });
  try {
    const url = await ready;
    const readyS = (Date.now() - t0) / 1000;
    const steps: Record<string, number> = {};
    const step = (name: string) => (steps[name] = (Date.now() - t0) / 1000);
    const browser = await launchChromium();
    step('chromium');
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(url);
      await page.locator('input[name=username]').waitFor();
      step('login page');
      await page.locator('input[name=username]').fill('commander');
      await page.locator('input[name=password]').fill(password()!);
      await page.locator('button[type=submit]').click();
      await page.waitForFunction(() => document.documentElement.dataset.mapIdle === 'true', null, {
        timeout: 120_000,
        polling: 100,
      });
      step('map idle');
      await page.waitForFunction(
        () =>
          document.documentElement.dataset.mapIdle === 'true' &&
          (window.__lookout?.map?.queryRenderedFeatures({ layers: ['drones-symbol'] }).length ?? 0) >= 3,
        null,
        { timeout: 120_000, polling: 100 },
      );
      return { readyS, mapS: (Date.now() - t0) / 1000, steps };
    } finally {
      await browser.close();
    }
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const build = spawnSync('npm', ['run', 'build', '-w', '@lookout/web'], { cwd: ROOT, stdio: 'ignore' });
if (build.status !== 0) throw new Error('web build failed');
const dataDir = mkdtempSync(path.join(tmpdir(), 'lookout-startup-'));
let commanderPassword: string | undefined;
const pw = () => commanderPassword;
const stepsLine = (run: Run) =>
  Object.entries(run.steps)
    .map(([name, s]) => `${name} ${s.toFixed(1)} s`)
    .join(', ');
const keep = (p: string) => (commanderPassword = p);
try {
  const first = await startOnce(dataDir, pw, keep);
  console.log(
    `first start (fresh data folder): ready ${first.readyS.toFixed(1)} s, ${stepsLine(first)}, map idle with drones ${first.mapS.toFixed(1)} s`,
  );
  const second = await startOnce(dataDir, pw, keep);
  console.log(
    `second start (same data folder): ready ${second.readyS.toFixed(1)} s, ${stepsLine(second)}, map idle with drones ${second.mapS.toFixed(1)} s`,
  );
  console.log(
    `bench:startup first_ready_s=${first.readyS.toFixed(1)} first_map_s=${first.mapS.toFixed(1)} second_ready_s=${second.readyS.toFixed(1)} second_map_s=${second.mapS.toFixed(1)} target_s=10`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
