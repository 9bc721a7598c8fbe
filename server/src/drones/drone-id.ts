import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** `d-` + 10 base32 characters (50 bits): short, safe in URLs, MQTT topics and Mosquitto files. */
export function newDroneId(): string {
  const bytes = randomBytes(10);
  let out = 'd-';
  for (const b of bytes) out += BASE32[b & 31];
  return out;
}
