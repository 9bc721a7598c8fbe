import lockfile from 'proper-lockfile';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(dir: string) {
    super(
      `The data folder ${dir} is in use by another Lookout process. PGlite takes no lock of its own, so two ` +
        `processes on one folder would silently lose writes. Stop the other process, or set LOOKOUT_DATA_DIR to ` +
        `another folder (or DATABASE_URL for a real PostgreSQL).`,
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * Hold an exclusive lock on the embedded data folder for the life of the process. The lock file's mtime is
 * refreshed every few seconds, so a lock left by a killed process goes stale and a restart waits it out.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const stale = 6_000;
  try {
    const release = await lockfile.lock(dir, {
      lockfilePath: path.join(dir, 'lookout.lock'),
      stale,
      update: 2_000,
      retries: { retries: 4, minTimeout: 1_000, maxTimeout: 2_000, factor: 1 },
      realpath: false,
      onCompromised: (err) => {
        // Another process took the folder from us: writing on would corrupt it.
        process.stderr.write(`Lookout lost the lock on ${dir}: ${err.message}\n`);
        process.exit(75);
      },
    });
    return release;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirLockedError(dir);
    throw err;
  }
}
