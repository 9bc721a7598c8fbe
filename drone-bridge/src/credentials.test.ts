import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDroneCredentials, hashDroneSecret, verifyDroneSecret } from './credentials.ts';

function mosquittoPasswdHash(password: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lookout-pw-'));
  try {
    const file = path.join(dir, 'pw');
    execFileSync('mosquitto_passwd', ['-c', '-b', file, 'drone', password]);
    return readFileSync(file, 'utf8').trim().split(':')[1]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('drone credentials', () => {
  it('creates a long random password and a $7$ hash in mosquitto_passwd shape', async () => {
    const { password, hash } = await createDroneCredentials();
    expect(Buffer.from(password, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const [, , iterations, salt, key] = hash.split('$');
    expect(hash.startsWith('$7$')).toBe(true);
    expect(iterations).toBe('101');
    expect(Buffer.from(salt!, 'base64')).toHaveLength(12);
    expect(Buffer.from(key!, 'base64')).toHaveLength(64);
  });

  it('verifies its own hash and refuses a wrong password', async () => {
    const { password, hash } = await createDroneCredentials();
    expect(await verifyDroneSecret(password, hash)).toBe(true);
    expect(await verifyDroneSecret(`${password}x`, hash)).toBe(false);
  });

  it('verifies a hash written by the real mosquitto_passwd', async () => {
    const hash = mosquittoPasswdHash('correct horse');
    expect(await verifyDroneSecret('correct horse', hash)).toBe(true);
    expect(await verifyDroneSecret('correct hors', hash)).toBe(false);
  });

  it('returns false for malformed hashes instead of throwing', async () => {
    for (const bad of ['', 'plain', '$6$abc$def', '$7$x$AAAA$BBBB', '$7$101$AAAA$', '$7$99999999$AAAA$BBBB']) {
      expect(await verifyDroneSecret('pw', bad)).toBe(false);
    }
  });

  it('makes a different salt each time', async () => {
    expect(await hashDroneSecret('same')).not.toBe(await hashDroneSecret('same'));
  });
});
