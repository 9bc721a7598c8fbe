/**
 * DJI Cloud API topics (Cloud-API-Doc, "Topic Definition"), unchanged: Lookout is the cloud platform DJI Pilot 2
 * and DJI Dock log in to.
 *
 *   thing/product/{device_sn}/osd | state             device → platform (properties)
 *   thing/product/{gateway_sn}/events | requests       device → platform (→ events_reply | requests_reply)
 *   thing/product/{gateway_sn}/services_reply          device → platform (answer to services)
 *   thing/product/{gateway_sn}/property/set_reply      device → platform
 *   sys/product/{gateway_sn}/status                    device → platform (update_topo → status_reply)
 *   thing/product/{gateway_sn}/services | property/set platform → device
 */
export type DjiUpKind = 'osd' | 'state' | 'events' | 'requests' | 'status' | 'services_reply' | 'property_set_reply';
export type DjiDownKind = 'services' | 'events_reply' | 'requests_reply' | 'property_set' | 'status_reply';

export interface DjiTopic<K extends string> {
  serial: string;
  kind: K;
}

/** DJI serials are topic levels and parts of drone ids: letters and digits (plus `_`/`-` in test rigs). */
export const DJI_SERIAL_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/;

/** Kinds published on the gateway's own serial (the others, osd and state, on any device of its topology). */
export const gatewayOnlyKinds: ReadonlySet<DjiUpKind> = new Set([
  'events',
  'requests',
  'status',
  'services_reply',
  'property_set_reply',
]);

const upThing: Record<string, DjiUpKind> = {
  osd: 'osd',
  state: 'state',
  events: 'events',
  requests: 'requests',
  services_reply: 'services_reply',
  'property/set_reply': 'property_set_reply',
};
const downThing: Record<string, DjiDownKind> = {
  services: 'services',
  events_reply: 'events_reply',
  requests_reply: 'requests_reply',
  'property/set': 'property_set',
};

function split(topic: string): { family: string; serial: string; rest: string } | undefined {
  const parts = topic.split('/');
  if (parts.length < 4 || parts[1] !== 'product') return undefined;
  const family = parts[0]!;
  if (family !== 'thing' && family !== 'sys') return undefined;
  const serial = parts[2]!;
  if (!DJI_SERIAL_RE.test(serial)) return undefined;
  return { family, serial, rest: parts.slice(3).join('/') };
}

/** A device → platform topic, or undefined. */
export function parseDjiUpTopic(topic: string): DjiTopic<DjiUpKind> | undefined {
  const s = split(topic);
  if (!s) return undefined;
  if (s.family === 'sys') return s.rest === 'status' ? { serial: s.serial, kind: 'status' } : undefined;
  const kind = upThing[s.rest];
  return kind ? { serial: s.serial, kind } : undefined;
}

/** A platform → device topic (what a gateway subscribes to), or undefined. Wildcards are not accepted. */
export function parseDjiDownTopic(topic: string): DjiTopic<DjiDownKind> | undefined {
  const s = split(topic);
  if (!s) return undefined;
  if (s.family === 'sys') return s.rest === 'status_reply' ? { serial: s.serial, kind: 'status_reply' } : undefined;
  const kind = downThing[s.rest];
  return kind ? { serial: s.serial, kind } : undefined;
}

export const djiTopics = {
  statusReply: (gateway: string) => `sys/product/${gateway}/status_reply`,
  eventsReply: (gateway: string) => `thing/product/${gateway}/events_reply`,
  requestsReply: (gateway: string) => `thing/product/${gateway}/requests_reply`,
  services: (gateway: string) => `thing/product/${gateway}/services`,
  servicesReply: (gateway: string) => `thing/product/${gateway}/services_reply`,
  propertySet: (gateway: string) => `thing/product/${gateway}/property/set`,
  osd: (serial: string) => `thing/product/${serial}/osd`,
  state: (serial: string) => `thing/product/${serial}/state`,
  events: (gateway: string) => `thing/product/${gateway}/events`,
  requests: (gateway: string) => `thing/product/${gateway}/requests`,
  status: (gateway: string) => `sys/product/${gateway}/status`,
};

/** What the bridge subscribes to for DJI devices. */
export const djiBridgeFilters = [
  'sys/product/+/status',
  'thing/product/+/osd',
  'thing/product/+/state',
  'thing/product/+/events',
  'thing/product/+/requests',
];

/**
 * What the platform's services caller (the server asking gateways for live video) subscribes to with the bridge's
 * credentials: the gateways' answers to `services`. The bridge itself does not read them.
 */
export const djiServicesReplyFilter = 'thing/product/+/services_reply';

/** The drone id an aircraft of a DJI topology appears as (drone ids are topic levels; serials fit). */
export function djiDroneId(serial: string): string {
  return `dji-${serial}`;
}
