import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

/**
 * Drone credentials in Mosquitto's own password-file format, so one stored hash authenticates a drone on the
 * embedded aedes broker (verifyDroneSecret) and is written unchanged into a Mosquitto `password_file`.
 *
 * Mosquitto 2.0 `$7$` = PBKDF2-HMAC-SHA512: `$7$<iterations>$<base64 salt>$<base64 key>`; mosquitto_passwd
 * writes 101 iterations, a 12-byte salt and a 64-byte key (checked against hashes written by the real
 * mosquitto_passwd in credentials.test.ts). The random password carries 144 bits, so the low iteration count
 * is not what protects it.
 */
export const MOSQUITTO_ITERATIONS = 101;
const SALT_BYTES = 12;
const KEY_BYTES = 64;

export interface DroneCredentials {
  /** Shown once to the admin; never stored. */
  password: string;
  /** `$7$…`, stored in drones.credential_hash. */
  hash: string;
}

export function generatePassword(bytes = 18): string {
  return randomBytes(bytes).toString('base64url');
}

export async function hashDroneSecret(password: string, iterations = MOSQUITTO_ITERATIONS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await pbkdf2Async(password, salt, iterations, KEY_BYTES, 'sha512');
  return `$7$${iterations}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function createDroneCredentials(): Promise<DroneCredentials> {
  const password = generatePassword();
  return { password, hash: await hashDroneSecret(password) };
}

const HASH_RE = /^\$7\$(\d{1,7})\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** True for a well-formed `$7$` hash (what Mosquitto's password file accepts). */
export function isMosquittoHash(hash: string): boolean {
  return HASH_RE.test(hash);
}

/** True when `password` matches a `$7$` hash; false for a wrong password or a malformed hash (never throws). */
export async function verifyDroneSecret(password: string | Buffer, hash: string): Promise<boolean> {
  const m = HASH_RE.exec(hash);
  if (!m) return false;
  const iterations = Number(m[1]);
  if (iterations < 1 || iterations > 1_000_000) return false;
  const salt = Buffer.from(m[2]!, 'base64');
  const expected = Buffer.from(m[3]!, 'base64');
  if (expected.length === 0 || expected.length > 128) return false;
  const actual = await pbkdf2Async(password, salt, iterations, expected.length, 'sha512');
  return timingSafeEqual(actual, expected);
}
