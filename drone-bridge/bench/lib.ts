import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from '@lookout/db';

/** Nearest-rank percentile of an ascending array; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * The sustained rate of a per-second series: the mean over the whole seconds between the first and the last in
 * which anything happened, leaving out the first and the last second (ramp-up, tail).
 */
export function sustainedRate(perSecond: readonly number[]): number {
  let first = perSecond.findIndex((x) => x > 0);
  let last = perSecond.length - 1;
  while (last >= 0 && !(perSecond[last]! > 0)) last--;
  if (first < 0) return 0;
  if (last - first >= 3) {
    first += 1;
    last -= 1;
  }
  let sum = 0;
  for (let i = first; i <= last; i++) sum += perSecond[i] ?? 0;
  return sum / (last - first + 1);
}

/** CPU time (user+system, ms) of every process whose command name is one of `names`, read from /proc. */
export function cpuMsByName(names: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const tick = 100; // USER_HZ on Linux
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(open + 1, close);
    const name = names.find((n) => comm === n || comm.startsWith(n));
    if (!name) continue;
    const fields = stat.slice(close + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (0-based after the state field)
    out[name]! += ((Number(fields[11]) + Number(fields[12])) * 1000) / tick;
  }
  return out;
}

/** CPU time (ms) of one process by pid, 0 when it is gone. */
export function cpuMsOfPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

export const COPY_COLUMNS = 'drone_id, reading_id, drone_seq, t, src, geom, alt_msl, alt_rel, hdg, gs, vs, bat';

/** COPY text rows for `count` fixes spread over `droneIds`, generated ahead so only the COPY is timed. */
export function copyRows(droneIds: readonly string[], count: number, uuid: () => string): string[] {
  const chunks: string[] = [];
  let chunk = '';
  const t0 = Date.now();
  for (let i = 0; i < count; i++) {
    const a = ((i % 3600) / 3600) * 2 * Math.PI;
    const lon = (120.07 + 0.01 * Math.cos(a)).toFixed(7);
    const lat = (28.95 + 0.01 * Math.sin(a)).toFixed(7);
    const t = new Date(t0 + i).toISOString();
    chunk += `${droneIds[i % droneIds.length]}\t${uuid()}\t${i}\t${t}\tsim\tSRID=4326;POINT(${lon} ${lat})\t312.5\t60.2\t87\t6.2\t-0.3\t64\n`;
    if (chunk.length > 1 << 20) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  if (chunk) chunks.push(chunk);
  return chunks;
}

/** Raw COPY of the pre-built rows into `fixes`; returns the elapsed ms. */
export async function copyIntoFixes(database: Database, chunks: readonly string[]): Promise<number> {
  const sql = `COPY fixes(${COPY_COLUMNS}) FROM STDIN`;
  if (database.driver.kind === 'pglite') {
    const blob = new Blob(chunks as string[]);
    const started = performance.now();
    await database.driver.client.query(`COPY fixes(${COPY_COLUMNS}) FROM '/dev/blob'`, [], { blob });
    return performance.now() - started;
  }
  const { from: copyFrom } = await import('pg-copy-streams');
  const client = await database.driver.pool.connect();
  try {
    const started = performance.now();
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom(sql));
      stream.on('error', reject);
      stream.on('finish', () => resolve());
      let i = 0;
      const writeMore = () => {
        while (i < chunks.length) {
          if (!stream.write(chunks[i++])) {
            stream.once('drain', writeMore);
            return;
          }
        }
        stream.end();
      };
      writeMore();
    });
    return performance.now() - started;
  } finally {
    client.release();
  }
}

export const fmt = (x: number, digits = 0): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** Machine-wide busy CPU time (ms, all cores) from /proc/stat: everything but idle and iowait. */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return ((total - idle) * 1000) / 100;
}
