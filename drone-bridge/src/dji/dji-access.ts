import { gatewayOnlyKinds, parseDjiDownTopic, parseDjiUpTopic } from './dji-topics.ts';

/**
 * Who may publish and subscribe what on DJI's topics, from the bindings in `dji_devices`: a pilot's gateway may
 * publish for its own serial and for the sub-devices bound to it, and read the platform's replies and services
 * for its own serial. A serial bound to another pilot's gateway is refused until an admin rebinds it. One set of
 * rules for both brokers: the embedded broker asks `djiPublishDecision`/`djiMaySubscribe` on every packet; the
 * Mosquitto ACL file is written from the same snapshot (mosquitto/auth-files.ts).
 */
export interface DjiAccessSnapshot {
  /** gateway serial → user id */
  gatewayOwner: Map<string, string>;
  /** sub-device serial → gateway serial */
  subGateway: Map<string, string>;
}

export function emptyDjiAccess(): DjiAccessSnapshot {
  return { gatewayOwner: new Map(), subGateway: new Map() };
}

export type DjiPublishDecision =
  | { allow: true; bindGateway?: string }
  | { allow: false; why: string; reason: 'topic_not_allowed' | 'serial_bound_elsewhere' };

/** `undefined` when the topic is not a DJI topic at all. */
export function djiPublishDecision(
  access: DjiAccessSnapshot,
  userId: string,
  topic: string,
): DjiPublishDecision | undefined {
  const t = parseDjiUpTopic(topic);
  if (!t) return undefined;
  const owner = access.gatewayOwner.get(t.serial);
  if (owner === userId) return { allow: true };
  if (owner !== undefined)
    return { allow: false, reason: 'serial_bound_elsewhere', why: `${t.serial} is bound to another pilot's gateway` };
  if (gatewayOnlyKinds.has(t.kind)) {
    if (access.subGateway.has(t.serial))
      return { allow: false, reason: 'serial_bound_elsewhere', why: `${t.serial} is a sub-device of a gateway` };
    // A new gateway announcing itself binds to the pilot whose credentials it used.
    return t.kind === 'status'
      ? { allow: true, bindGateway: t.serial }
      : { allow: false, reason: 'topic_not_allowed', why: `gateway ${t.serial} has sent no topology yet` };
  }
  const gateway = access.subGateway.get(t.serial);
  if (gateway === undefined)
    return { allow: false, reason: 'topic_not_allowed', why: `${t.serial} is in no topology of this pilot` };
  if (access.gatewayOwner.get(gateway) === userId) return { allow: true };
  return { allow: false, reason: 'serial_bound_elsewhere', why: `${t.serial} is bound to gateway ${gateway}` };
}

/** A gateway may read the platform's topics for its own serial, or for a serial nobody owns yet (before update_topo). */
export function djiMaySubscribe(access: DjiAccessSnapshot, userId: string, filter: string): boolean {
  const t = parseDjiDownTopic(filter);
  if (!t) return false;
  const owner = access.gatewayOwner.get(t.serial);
  return owner === userId || (owner === undefined && !access.subGateway.has(t.serial));
}

/** The gateway serials of a user, and the sub-devices bound to them. */
export function djiSerialsOf(access: DjiAccessSnapshot, userId: string): { gateways: string[]; subs: string[] } {
  const gateways = [...access.gatewayOwner].filter(([, u]) => u === userId).map(([g]) => g);
  const mine = new Set(gateways);
  const subs = [...access.subGateway].filter(([, g]) => mine.has(g)).map(([s]) => s);
  return { gateways: gateways.sort(), subs: subs.sort() };
}

const gatewayWrites = ['events', 'requests', 'services_reply', 'property/set_reply'];
const gatewayReads = ['services', 'events_reply', 'requests_reply', 'property/set'];

/**
 * The DJI topics a pilot's credentials may write and read on a broker that checks topic lists (Mosquitto's ACL
 * file, its dynamic-security roles): his gateways' own topics, osd/state of every device bound to them, and,
 * while he has no gateway yet, announcing one (`sys/product/+/status`) and reading the platform's answers.
 */
export function djiPilotTopics(serials: { gateways: string[]; subs: string[] }): { write: string[]; read: string[] } {
  const write: string[] = [];
  const read: string[] = [];
  if (serials.gateways.length === 0) {
    write.push('sys/product/+/status');
    read.push('sys/product/+/status_reply', ...gatewayReads.map((r) => `thing/product/+/${r}`));
  }
  for (const g of serials.gateways) {
    write.push(`sys/product/${g}/status`, ...gatewayWrites.map((w) => `thing/product/${g}/${w}`));
    read.push(`sys/product/${g}/status_reply`, ...gatewayReads.map((r) => `thing/product/${g}/${r}`));
  }
  for (const sn of [...serials.gateways, ...serials.subs])
    write.push(`thing/product/${sn}/osd`, `thing/product/${sn}/state`);
  return { write, read };
}
