import { createHash } from 'node:crypto';

/** Media servers take `[A-Za-z0-9_-]` in a stream name; a drone id with other characters gets a digest instead. */
const SAFE = /^[A-Za-z0-9_-]{1,64}$/;

/** The RTMP application every drone publishes under: `rtmp://host:port/live/<stream>`. */
export const VIDEO_APP = 'live';

export function streamNameOf(droneId: string): string {
  return SAFE.test(droneId) ? droneId : `x${createHash('sha256').update(droneId).digest('hex').slice(0, 24)}`;
}

export const isStreamName = (name: string): boolean => SAFE.test(name);
