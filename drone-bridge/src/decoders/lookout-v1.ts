import { sightingMessage, statusMessage, telemetryBatch, telemetryFix } from '@lookout/contracts';
import {
  type DecodeOptions,
  type DecodeResult,
  type FixRecord,
  type Rejection,
  type SightingRecord,
  type StatusRecord,
} from './types.ts';
import { checkRanges, checkTime, idOf, parseJson, rejection, zodDetail, type Range } from './validate.ts';

/**
 * Lookout v1 JSON: telemetry (one fix or `{"v":1,"fixes":[…]}`), sightings and status.
 * Unknown fields are ignored (additive fields stay v1). Each fix of a batch is judged on its own: the good
 * ones are stored, each bad one is rejected with its own reason.
 */
export const MAX_TELEMETRY_BYTES = 64 * 1024;
/** A sighting may carry a photo: base64 text of at most 2 MiB inside a payload of at most 2.5 MiB. */
export const MAX_SIGHTING_BYTES = 2.5 * 1024 * 1024;
export const MAX_PHOTO_BASE64_CHARS = 2 * 1024 * 1024;
export const MAX_STATUS_BYTES = 4 * 1024;

const fixRanges: readonly Range[] = [
  ['lat', -90, 90],
  ['lon', -180, 180],
  ['altMsl', -500, 12_000],
  ['altRel', -2_000, 12_000],
  ['hdg', 0, 360],
  ['gimbalPitch', -120, 60],
  ['gs', 0, 200],
  ['vs', -100, 100],
  ['bat', 0, 100],
];

const sightingRanges: readonly Range[] = [
  ['lat', -90, 90],
  ['lon', -180, 180],
  ['uncM', 0, 100_000],
  ['conf', 0, 1],
  ['count', 0, 100_000],
];

function decodeFix(droneId: string, value: unknown, opts: DecodeOptions, partOfBatch: boolean): FixRecord | Rejection {
  const own = partOfBatch ? safeStringify(value) : undefined;
  const id = idOf(value);
  const parsed = telemetryFix.safeParse(value);
  if (!parsed.success) return rejection('invalid_schema', zodDetail(parsed.error), id, own);
  const f = parsed.data;
  const bad = checkRanges(f, fixRanges);
  if (bad) return rejection('out_of_range', bad, f.id, own);
  const t = Date.parse(f.t);
  const timeProblem = checkTime(t, opts);
  if (timeProblem) return rejection(timeProblem.reason, timeProblem.detail, f.id, own);
  return {
    kind: 'fix',
    droneId,
    readingId: f.id.toLowerCase(),
    droneSeq: f.seq ?? null,
    t,
    src: f.src ?? null,
    lon: f.lon,
    lat: f.lat,
    altMsl: f.altMsl ?? null,
    altRel: f.altRel ?? null,
    hdg: f.hdg == null ? null : f.hdg % 360,
    gs: f.gs ?? null,
    vs: f.vs ?? null,
    bat: f.bat ?? null,
    gimbalPitch: f.gimbalPitch ?? null,
  };
}

export function decodeTelemetry(droneId: string, payload: Buffer, opts: DecodeOptions): DecodeResult {
  if (payload.length > MAX_TELEMETRY_BYTES) {
    return { records: [], rejections: [rejection('too_large', `${payload.length} bytes > ${MAX_TELEMETRY_BYTES}`)] };
  }
  const json = parseJson(payload);
  if (!json.ok) return { records: [], rejections: [rejection('not_json', json.detail)] };
  const value = json.value;
  const out: DecodeResult = { records: [], rejections: [] };
  if (value && typeof value === 'object' && 'fixes' in value) {
    const batch = telemetryBatch.safeParse(value);
    if (!batch.success) return { records: [], rejections: [rejection('invalid_schema', zodDetail(batch.error))] };
    for (const item of batch.data.fixes) push(out, decodeFix(droneId, item, opts, true));
    return out;
  }
  push(out, decodeFix(droneId, value, opts, false));
  return out;
}

export function decodeSighting(droneId: string, payload: Buffer, opts: DecodeOptions): DecodeResult {
  if (payload.length > MAX_SIGHTING_BYTES) {
    return { records: [], rejections: [rejection('too_large', `${payload.length} bytes > ${MAX_SIGHTING_BYTES}`)] };
  }
  const json = parseJson(payload);
  if (!json.ok) return { records: [], rejections: [rejection('not_json', json.detail)] };
  const id = idOf(json.value);
  const parsed = sightingMessage.safeParse(json.value);
  if (!parsed.success) return { records: [], rejections: [rejection('invalid_schema', zodDetail(parsed.error), id)] };
  const s = parsed.data;
  const bad = checkRanges(s, sightingRanges);
  if (bad) return { records: [], rejections: [rejection('out_of_range', bad, s.id)] };
  const t = Date.parse(s.t);
  const timeProblem = checkTime(t, opts);
  if (timeProblem) return { records: [], rejections: [rejection(timeProblem.reason, timeProblem.detail, s.id)] };
  let photo: Buffer | null = null;
  if (s.photo) {
    if (s.photo.length > MAX_PHOTO_BASE64_CHARS) {
      return {
        records: [],
        rejections: [rejection('too_large', `photo ${s.photo.length} base64 chars > ${MAX_PHOTO_BASE64_CHARS}`, s.id)],
      };
    }
    const b64 = s.photo.replace(/^data:image\/jpeg;base64,/, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) {
      return { records: [], rejections: [rejection('invalid_schema', 'photo: not base64', s.id)] };
    }
    photo = Buffer.from(b64, 'base64');
    if (!(photo[0] === 0xff && photo[1] === 0xd8 && photo[2] === 0xff)) {
      return { records: [], rejections: [rejection('invalid_schema', 'photo: not a JPEG', s.id)] };
    }
  }
  const record: SightingRecord = {
    kind: 'sighting',
    droneId,
    readingId: s.id.toLowerCase(),
    t,
    lon: s.lon,
    lat: s.lat,
    uncM: s.uncM ?? null,
    conf: s.conf ?? null,
    sightingKind: s.kind ?? 'person',
    count: s.count ?? null,
    note: s.note ?? null,
    photo,
  };
  return { records: [record], rejections: [] };
}

export function decodeStatus(droneId: string, payload: Buffer, opts: DecodeOptions): DecodeResult {
  if (payload.length > MAX_STATUS_BYTES) {
    return { records: [], rejections: [rejection('too_large', `${payload.length} bytes > ${MAX_STATUS_BYTES}`)] };
  }
  // A retained status is cleared with an empty payload: nothing to store.
  if (payload.length === 0) return { records: [], rejections: [] };
  const json = parseJson(payload);
  if (!json.ok) return { records: [], rejections: [rejection('not_json', json.detail)] };
  const parsed = statusMessage.safeParse(json.value);
  if (!parsed.success) return { records: [], rejections: [rejection('invalid_schema', zodDetail(parsed.error))] };
  let t = parsed.data.t ? Date.parse(parsed.data.t) : opts.now;
  // A retained status replayed later, or a Last Will stamped long ago, is still the drone's state; only an
  // impossible future is refused.
  if (t - opts.now > (opts.maxFutureMs ?? 5 * 60_000)) {
    return { records: [], rejections: [rejection('future_time', `t is ${Math.round((t - opts.now) / 1000)} s ahead`)] };
  }
  t = Math.min(t, opts.now);
  const record: StatusRecord = { kind: 'status', droneId, online: parsed.data.online, t };
  return { records: [record], rejections: [] };
}

function push(out: DecodeResult, r: FixRecord | Rejection): void {
  if ('kind' in r) out.records.push(r);
  else out.rejections.push(r);
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
