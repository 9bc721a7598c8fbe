import { execFile } from 'node:child_process';

/** A DEM or a GDAL problem the station can act on; the CLI prints its message and exits non-zero. */
export class TerrainBuildError extends Error {}

const INSTALL = 'install GDAL (Debian/Ubuntu: apt-get install gdal-bin python3-gdal)';

/**
 * Runs one GDAL program and returns its stdout. Never writes `.aux.xml` files beside the station's DEM
 * (GDAL_PAM_ENABLED=NO). A program missing from PATH, or failing, becomes a TerrainBuildError saying so.
 */
export function runGdal(program: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      args,
      { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GDAL_PAM_ENABLED: 'NO', CPL_LOG: '/dev/null' } },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        if ((err as NodeJS.ErrnoException).code === 'ENOENT')
          return reject(new TerrainBuildError(`${program} is not on PATH: ${INSTALL}`));
        const said = String(stderr).trim().split('\n').slice(-3).join(' ') || err.message;
        reject(new TerrainBuildError(`${program} failed: ${said}`));
      },
    );
  });
}
