import type { SightingKind } from '@lookout/contracts';

/** Why a message (or one fix of a batch) was not stored. Counted per reason and kept in `dead_letters`. */
export const rejectReasons = [
  'not_json',
  'invalid_schema',
  'out_of_range',
  'future_time',
  'too_old',
  'too_large',
  'unknown_drone',
  'topic_not_allowed',
  'unsupported_topic',
  // MAVLink over UDP
  'not_mavlink',
  'truncated',
  'bad_crc',
  'bad_signature',
  'unsigned',
] as const;
export type RejectReason = (typeof rejectReasons)[number];

export interface Rejection {
  reason: RejectReason;
  detail: string;
  /** The reading id, when the message carried a readable one (published back as rejected on `acks`). */
  id?: string | undefined;
  /** The part of the message that was rejected, when it was one fix of a batch; else the whole payload. */
  payload?: string | undefined;
  /** Size of what was rejected, when `payload` is an encoding of it (MAVLink frames are kept as hex). */
  payloadBytes?: number | undefined;
}

export interface FixRecord {
  kind: 'fix';
  droneId: string;
  readingId: string;
  droneSeq: number | null;
  /** Epoch milliseconds. */
  t: number;
  src: string | null;
  lon: number;
  lat: number;
  altMsl: number | null;
  altRel: number | null;
  hdg: number | null;
  gs: number | null;
  vs: number | null;
  bat: number | null;
}

export interface SightingRecord {
  kind: 'sighting';
  droneId: string;
  readingId: string;
  t: number;
  lon: number;
  lat: number;
  uncM: number | null;
  conf: number | null;
  sightingKind: SightingKind;
  count: number | null;
  note: string | null;
  photo: Buffer | null;
}

export interface StatusRecord {
  kind: 'status';
  droneId: string;
  online: boolean;
  t: number;
}

export type DecodedRecord = FixRecord | SightingRecord | StatusRecord;

export interface DecodeResult {
  records: DecodedRecord[];
  rejections: Rejection[];
}

export interface DecodeOptions {
  /** Epoch ms "now" (tests pass a fixed one). */
  now: number;
  /** How far ahead of `now` a reading may be stamped (clock skew). Default 5 min. */
  maxFutureMs?: number;
  /** How old a reading may be (a drone that buffered offline). Default 30 days. */
  maxAgeMs?: number;
}

export const MAX_FUTURE_MS = 5 * 60_000;
export const MAX_AGE_MS = 30 * 24 * 3600_000;

export function reject(reason: RejectReason, detail: string, extra: Partial<Rejection> = {}): DecodeResult {
  return { records: [], rejections: [{ reason, detail, ...extra }] };
}
