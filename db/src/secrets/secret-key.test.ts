import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecretKey } from './secret-key.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'lookout-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadSecretKey', () => {
  it('uses SECRETS_KEY when set', () => {
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadSecretKey({ secretsKey: b64, dataDir: tmp() })).toEqual(Buffer.alloc(32, 7));
  });

  it('refuses a key of the wrong length', () => {
    expect(() => loadSecretKey({ secretsKey: Buffer.alloc(16).toString('base64'), dataDir: tmp() })).toThrow(/32/);
  });

  it('creates the key file once, private, and reads the same key back', () => {
    const dir = tmp();
    const first = loadSecretKey({ secretsKey: undefined, dataDir: dir });
    const second = loadSecretKey({ secretsKey: undefined, dataDir: dir });
    expect(first.length).toBe(32);
    expect(second).toEqual(first);
    const file = path.join(dir, 'secrets.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(first);
  });
});
