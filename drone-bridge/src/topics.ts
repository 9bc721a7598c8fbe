/**
 * MQTT topics. The drone's own id sits in every topic, so one ACL rule (`%u`) keeps each drone
 * under its own subtree, including DJI Cloud API messages: a DJI gateway republishes the aircraft's
 * `thing/product/{device_sn}/osd` envelope unchanged to `lookout/v1/drones/{droneId}/dji/osd`.
 */
import { djiBridgeFilters } from './dji/dji-topics.ts';

export const TOPIC_ROOT = 'lookout/v1/drones';
export const SHARE_GROUP = 'lookout-bridge';

export type InboundKind = 'telemetry' | 'sightings' | 'status' | 'dji-osd';

export interface ParsedTopic {
  droneId: string;
  kind: InboundKind;
}

/** Drone ids are topic levels and Mosquitto usernames: no `/`, `+`, `#`, `$`, spaces or colons. */
export const DRONE_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function isValidDroneId(id: string): boolean {
  return DRONE_ID_RE.test(id);
}

export const topics = {
  telemetry: (droneId: string) => `${TOPIC_ROOT}/${droneId}/telemetry`,
  sightings: (droneId: string) => `${TOPIC_ROOT}/${droneId}/sightings`,
  status: (droneId: string) => `${TOPIC_ROOT}/${droneId}/status`,
  djiOsd: (droneId: string) => `${TOPIC_ROOT}/${droneId}/dji/osd`,
  acks: (droneId: string) => `${TOPIC_ROOT}/${droneId}/acks`,
};

/** What the bridge subscribes to; `shared` prefixes `$share/lookout-bridge/` (MQTT 5 brokers only). */
export function bridgeSubscriptions(shared: boolean): string[] {
  const filters = [
    `${TOPIC_ROOT}/+/telemetry`,
    `${TOPIC_ROOT}/+/sightings`,
    `${TOPIC_ROOT}/+/status`,
    `${TOPIC_ROOT}/+/dji/osd`,
    ...djiBridgeFilters,
  ];
  return shared ? filters.map((f) => `$share/${SHARE_GROUP}/${f}`) : filters;
}

/** The drone id and message kind of an inbound topic, or undefined when it is not one the bridge decodes. */
export function parseInboundTopic(topic: string): ParsedTopic | undefined {
  const parts = topic.split('/');
  if (parts.length < 5 || parts[0] !== 'lookout' || parts[1] !== 'v1' || parts[2] !== 'drones') return undefined;
  const droneId = parts[3]!;
  if (!isValidDroneId(droneId)) return undefined;
  const rest = parts.slice(4).join('/');
  switch (rest) {
    case 'telemetry':
    case 'sightings':
    case 'status':
      return { droneId, kind: rest };
    case 'dji/osd':
      return { droneId, kind: 'dji-osd' };
    default:
      return undefined;
  }
}

/** The drone id of any topic under `lookout/v1/drones/{id}/…` (for ACL decisions), else undefined. */
export function droneIdOfTopic(topic: string): string | undefined {
  const parts = topic.split('/');
  if (parts.length < 5 || parts[0] !== 'lookout' || parts[1] !== 'v1' || parts[2] !== 'drones') return undefined;
  return parts[3];
}
