import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.ts';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'lookout-lock-'));

describe('data folder lock', () => {
  it('refuses a second holder while the first is alive', async () => {
    const dir = tempDir();
    const release = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await release();
    const again = await lockDataDir(dir);
    await again();
  });

  it('takes over a folder whose holder died without releasing', async () => {
    const dir = tempDir();
    const release = await lockDataDir(dir);
    // Pretend the holder was a process that no longer exists.
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)));
    writeFileSync(path.join(dir, 'lookout.pid'), String(deadPid));
    const taken = await lockDataDir(dir);
    await taken();
    await release().catch(() => undefined);
  });
});
