import { createHash, timingSafeEqual } from 'node:crypto';
import { createSecretBox, type SecretBox } from '@lookout/db';
import type { Frame } from './frames.ts';

/**
 * MAVLink 2 message signing (https://mavlink.io/en/guide/message_signing.html): a signed frame ends with
 * link id (1 byte), timestamp (6 bytes, units of 10 µs since 2015-01-01 UTC) and the first 6 bytes of
 * SHA-256(secret key ‖ header ‖ payload ‖ CRC ‖ link id ‖ timestamp). The secret key is 32 bytes; the
 * database keeps it sealed with the server's secret box, because checking a signature needs the key itself.
 */

export const MAVLINK_SIGNING_KEY_BYTES = 32;
/** Binds sealed signing keys to their column: an envelope of another secret does not open as one. */
export const MAVLINK_SIGNING_KEY_PURPOSE = 'lookout/drones.mavlink_signing_key';
/** The signature's epoch: 2015-01-01T00:00:00Z. */
export const SIGNATURE_EPOCH_MS = Date.UTC(2015, 0, 1);
/**
 * A new signing stream (system, component, link) may start at most this far behind the newest timestamp seen
 * from the system (the spec's one minute), so a recorded frame cannot be replayed on a fresh link id.
 */
const NEW_STREAM_SLACK = 60 * 100_000;

export function mavlinkSigningKeyBox(secretKey: Buffer): SecretBox {
  return createSecretBox(secretKey, MAVLINK_SIGNING_KEY_PURPOSE);
}

/** The signing key from its sealed hex form. */
export function openSigningKey(box: SecretBox, envelope: string): Buffer {
  const key = Buffer.from(box.open(envelope), 'hex');
  if (key.length !== MAVLINK_SIGNING_KEY_BYTES) throw new Error('the sealed MAVLink signing key is not 32 bytes');
  return key;
}

/** Whether a signed frame carries the signature its key gives (constant time). */
export function signatureMatches(frame: Frame, key: Buffer): boolean {
  if (!frame.signature) return false;
  const signatureAt = frame.bytes.length - 6;
  const expected = createHash('sha256').update(key).update(frame.bytes.subarray(0, signatureAt)).digest();
  return timingSafeEqual(expected.subarray(0, 6), frame.bytes.subarray(signatureAt));
}

/** Signature timestamp (10 µs units since 2015) → epoch ms. */
export function signatureTimeMs(timestamp: number): number {
  return SIGNATURE_EPOCH_MS + timestamp / 100;
}

/**
 * The spec's replay rule: per stream (system, component, link) a timestamp may not go backwards. An equal
 * timestamp is the same frame again (UDP may duplicate a datagram): let it through, its reading id makes it a
 * no-op in the database.
 */
export class ReplayGuard {
  private readonly streams = new Map<string, number>();
  private readonly newest = new Map<number, number>();

  /** undefined when acceptable (and then recorded); else why not. */
  check(sysid: number, compid: number, linkId: number, timestamp: number): string | undefined {
    const stream = `${sysid}/${compid}/${linkId}`;
    const last = this.streams.get(stream);
    const newest = this.newest.get(sysid);
    if (last !== undefined && timestamp < last) return `timestamp ${timestamp} older than ${last} on link ${linkId}`;
    if (last === undefined && newest !== undefined && timestamp < newest - NEW_STREAM_SLACK)
      return `new link ${linkId} starts over a minute behind the system's newest timestamp`;
    this.streams.set(stream, timestamp);
    if (newest === undefined || timestamp > newest) this.newest.set(sysid, timestamp);
    return undefined;
  }

  /** Forget a system (its key changed or it was unregistered). */
  forget(sysid: number): void {
    this.newest.delete(sysid);
    for (const k of this.streams.keys()) if (k.startsWith(`${sysid}/`)) this.streams.delete(k);
  }
}
