import { z } from 'zod';
import { djiReadingId, MAX_DJI_BYTES } from '../decoders/dji-osd.ts';
import type { DecodeOptions, DecodeResult, DecodedRecord, DjiProduct, DjiReplyRecord } from '../decoders/types.ts';
import { checkTime, parseJson, rejection, zodDetail } from '../decoders/validate.ts';
import { djiTopics, parseDjiUpTopic, DJI_SERIAL_RE, type DjiUpKind } from './dji-topics.ts';

/**
 * Decodes DJI Cloud API messages from a gateway (Cloud-API-Doc: topic definition; dock "device" for
 * `update_topo`; "config" for `requests`; "hms" and "wayline" for `events`). Never throws: every problem is a
 * rejection with a reason. What a message means for the database (an aircraft fix or a dock's state, which
 * gateway owns a serial) is settled at commit, inside the batch's transaction.
 */
const envelope = z.object({
  tid: z.string().max(128).nullish(),
  bid: z.string().max(128).nullish(),
  timestamp: z.number().int().positive(),
  method: z.string().max(128).nullish(),
  need_reply: z.number().int().nullish(),
  gateway: z.string().max(128).nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
});
type Envelope = z.infer<typeof envelope>;

const productKey = {
  domain: z.union([z.string(), z.number()]).nullish(),
  type: z.number().int().nullish(),
  sub_type: z.number().int().nullish(),
};
const topologySchema = z.object({
  ...productKey,
  sub_devices: z
    .array(z.object({ sn: z.string().regex(DJI_SERIAL_RE, 'not a DJI serial'), ...productKey }))
    .max(32)
    .default([]),
});

const hmsSchema = z.object({
  list: z
    .array(
      z.object({
        level: z.number().int().min(0).max(2),
        module: z.number().int().nullish(),
        in_the_sky: z.number().int().nullish(),
        code: z.string().max(64),
        device_type: z.string().max(32).nullish(),
        imminent: z.number().int().nullish(),
        args: z.record(z.string(), z.unknown()).nullish(),
      }),
    )
    .max(64),
});

const progressSchema = z.object({
  result: z.number().int().nullish(),
  output: z
    .object({
      status: z.string().max(32).nullish(),
      progress: z.object({ current_step: z.number().nullish(), percent: z.number().nullish() }).nullish(),
      ext: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
});

function product(p: { domain?: string | number | null; type?: number | null; sub_type?: number | null }): DjiProduct {
  return { domain: p.domain == null ? null : String(p.domain), type: p.type ?? null, subType: p.sub_type ?? null };
}

function reply(
  env: Envelope,
  gateway: string,
  topic: string,
  method: string,
  answer: DjiReplyRecord['answer'],
): DjiReplyRecord {
  return { kind: 'dji-reply', gateway, topic, method, tid: env.tid ?? null, bid: env.bid ?? null, answer };
}

/** Decode a message on a DJI topic; `undefined` when the topic is not one. */
export function decodeDjiMessage(topic: string, payload: Buffer, opts: DecodeOptions): DecodeResult | undefined {
  const parsed = parseDjiUpTopic(topic);
  if (!parsed) return undefined;
  if (payload.length > MAX_DJI_BYTES) {
    return { records: [], rejections: [rejection('too_large', `${payload.length} bytes > ${MAX_DJI_BYTES}`)] };
  }
  const json = parseJson(payload);
  if (!json.ok) return { records: [], rejections: [rejection('not_json', json.detail)] };
  const env = envelope.safeParse(json.value);
  if (!env.success) return { records: [], rejections: [rejection('invalid_schema', zodDetail(env.error))] };
  try {
    return decodeKind(parsed.kind, parsed.serial, env.data, opts);
  } catch (err) {
    return {
      records: [],
      rejections: [rejection('invalid_schema', `decoder error: ${(err as Error).message}`.slice(0, 300))],
    };
  }
}

function decodeKind(kind: DjiUpKind, serial: string, env: Envelope, opts: DecodeOptions): DecodeResult {
  const data = env.data ?? {};
  switch (kind) {
    case 'osd': {
      const late = checkTime(env.timestamp, opts);
      if (late) return { records: [], rejections: [rejection(late.reason, late.detail)] };
      return { records: [{ kind: 'dji-osd', serial, t: env.timestamp, data }], rejections: [] };
    }
    case 'state': {
      const late = checkTime(env.timestamp, opts);
      if (late) return { records: [], rejections: [rejection(late.reason, late.detail)] };
      return { records: [{ kind: 'dji-state', serial, t: env.timestamp, data }], rejections: [] };
    }
    case 'services_reply':
    case 'property_set_reply':
      // Accepted (the device must be allowed to send them) but not stored yet.
      return { records: [], rejections: [] };
    case 'status': {
      if (env.method !== 'update_topo')
        return { records: [], rejections: [rejection('invalid_schema', `status method ${env.method ?? '(none)'}`)] };
      const topo = topologySchema.safeParse(data);
      if (!topo.success) return { records: [], rejections: [rejection('invalid_schema', zodDetail(topo.error))] };
      return {
        records: [
          {
            kind: 'dji-topology',
            gateway: serial,
            t: env.timestamp,
            product: product(topo.data),
            subDevices: topo.data.sub_devices.map((d) => ({ serial: d.sn, ...product(d) })),
          },
          reply(env, serial, djiTopics.statusReply(serial), 'update_topo', 'topology'),
        ],
        rejections: [],
      };
    }
    case 'requests': {
      const method = env.method ?? '';
      const answer = method === 'config' ? 'config' : 'unsupported';
      return { records: [reply(env, serial, djiTopics.requestsReply(serial), method, answer)], rejections: [] };
    }
    case 'events':
      return decodeEvent(serial, env);
  }
}

function decodeEvent(gateway: string, env: Envelope): DecodeResult {
  const records: DecodedRecord[] = [];
  const method = env.method ?? '';
  const data = env.data ?? {};
  if (method === 'hms') {
    const hms = hmsSchema.safeParse(data);
    if (!hms.success) return { records: [], rejections: [rejection('invalid_schema', zodDetail(hms.error))] };
    hms.data.list.forEach((item, i) =>
      records.push({
        kind: 'dji-event',
        gateway,
        readingId: djiReadingId(gateway, `hms|${env.timestamp}|${i}|${item.code}`),
        t: env.timestamp,
        type: 'hms',
        deviceType: item.device_type ?? null,
        level: item.level,
        code: item.code,
        data: item,
      }),
    );
  } else if (method === 'flighttask_progress') {
    const p = progressSchema.safeParse(data);
    if (!p.success) return { records: [], rejections: [rejection('invalid_schema', zodDetail(p.error))] };
    records.push({
      kind: 'dji-event',
      gateway,
      readingId: djiReadingId(gateway, `flighttask_progress|${env.timestamp}`),
      t: env.timestamp,
      type: 'flighttask_progress',
      deviceType: null,
      level: null,
      code: p.data.output?.status ?? null,
      data: p.data.output ?? {},
    });
  }
  if (env.need_reply === 1) records.push(reply(env, gateway, djiTopics.eventsReply(gateway), method, 'ok'));
  return { records, rejections: [] };
}
