import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SECRET_KEY_BYTES = 32;

/**
 * The server's 32-byte secret: seals group credentials and MAVLink signing keys (AES-256-GCM) and derives the public card tokens. From
 * SECRETS_KEY (base64) when set; else `<dataDir>/secrets.key`, made once with random bytes and kept 0600. Several
 * servers on one database must share SECRETS_KEY, or one cannot read what another sealed.
 */
export function loadSecretKey(options: { secretsKey: string | undefined; dataDir: string }): Buffer {
  if (options.secretsKey) {
    const key = Buffer.from(options.secretsKey, 'base64');
    if (key.length !== SECRET_KEY_BYTES) throw new Error(`SECRETS_KEY must be base64 of ${SECRET_KEY_BYTES} bytes`);
    return key;
  }
  const file = path.join(options.dataDir, 'secrets.key');
  try {
    return checked(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(options.dataDir, { recursive: true });
  const key = randomBytes(SECRET_KEY_BYTES);
  try {
    // 'wx': a second process starting at the same moment must not overwrite the first one's key.
    writeFileSync(file, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return checked(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'), file);
  }
}

function checked(key: Buffer, file: string): Buffer {
  if (key.length !== SECRET_KEY_BYTES) throw new Error(`${file} does not hold base64 of ${SECRET_KEY_BYTES} bytes`);
  return key;
}
