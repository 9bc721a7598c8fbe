import { parseInboundTopic, type InboundKind } from '../topics.ts';
import { decodeDjiMessage } from '../dji/dji-decode.ts';
import { decodeDjiOsd } from './dji-osd.ts';
import { decodeSighting, decodeStatus, decodeTelemetry } from './lookout-v1.ts';
import type { DecodeOptions, DecodeResult } from './types.ts';

export * from './types.ts';
export {
  decodeTelemetry,
  decodeSighting,
  decodeStatus,
  MAX_TELEMETRY_BYTES,
  MAX_SIGHTING_BYTES,
  MAX_PHOTO_BASE64_CHARS,
} from './lookout-v1.ts';
export { decodeDjiOsd, aircraftFix, djiHeading, djiReadingId, MAX_DJI_BYTES } from './dji-osd.ts';

/** The largest payload any decoder accepts; brokers and the client refuse far larger packets outright. */
export const MAX_ACCEPTED_PAYLOAD = 2.5 * 1024 * 1024;

/** Decode one MQTT message by its topic. Never throws: every problem is a rejection with a reason. */
export function decodeMessage(
  topic: string,
  payload: Buffer,
  opts: DecodeOptions,
): DecodeResult & { droneId?: string } {
  const parsed = parseInboundTopic(topic);
  if (!parsed) {
    const dji = decodeDjiMessage(topic, payload, opts);
    if (dji) return dji;
  }
  if (!parsed) return { records: [], rejections: [{ reason: 'unsupported_topic', detail: topic.slice(0, 200) }] };
  try {
    const result = decodeByKind(parsed.kind, parsed.droneId, payload, opts);
    return { ...result, droneId: parsed.droneId };
  } catch (err) {
    // Defensive: the decoders are fuzzed not to throw, but a bug must cost one message, not the bridge.
    return {
      droneId: parsed.droneId,
      records: [],
      rejections: [{ reason: 'invalid_schema', detail: `decoder error: ${(err as Error).message}`.slice(0, 300) }],
    };
  }
}

function decodeByKind(kind: InboundKind, droneId: string, payload: Buffer, opts: DecodeOptions): DecodeResult {
  switch (kind) {
    case 'telemetry':
      return decodeTelemetry(droneId, payload, opts);
    case 'sightings':
      return decodeSighting(droneId, payload, opts);
    case 'status':
      return decodeStatus(droneId, payload, opts);
    case 'dji-osd':
      return decodeDjiOsd(droneId, payload, opts);
  }
}
