import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number | undefined) {
    super(
      `The data folder ${dir} is in use by another Lookout process${pid ? ` (pid ${pid})` : ''}. PGlite takes no ` +
        `lock of its own, so two processes on one folder would silently lose writes. Stop the other process, or ` +
        `set LOOKOUT_DATA_DIR to another folder (or DATABASE_URL for a real PostgreSQL).`,
    );
    this.name = 'DataDirLockedError';
  }
}

// Opening PGlite blocks the event loop for many seconds on a busy machine, so the lock's mtime refresh can
// lag far behind; a generous stale window keeps us from "losing" our own lock. A crashed holder is detected
// at once through its pid instead of waiting for the window.
const STALE_MS = 120_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Hold an exclusive lock on the embedded data folder for the life of the process. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dir, 'lookout.lock');
  const pidFile = path.join(dir, 'lookout.pid');
  const options: lockfile.LockOptions = {
    lockfilePath: lockPath,
    stale: STALE_MS,
    update: 5_000,
    realpath: false,
    onCompromised: (err) => {
      // Another process took the folder from us: writing on would corrupt it.
      process.stderr.write(`Lookout lost the lock on ${dir}: ${err.message}\n`);
      process.exit(75);
    },
  };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, options);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
    const holder = readPid(pidFile);
    if (holder === undefined || alive(holder)) throw new DataDirLockedError(dir, holder);
    // The holder died without releasing (SIGKILL, power loss): take the folder over.
    rmSync(lockPath, { recursive: true, force: true });
    release = await lockfile.lock(dir, options);
  }
  writeFileSync(pidFile, String(process.pid));
  return async () => {
    rmSync(pidFile, { force: true });
    await release();
  };
}
