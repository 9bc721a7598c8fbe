export { startBridge, type Bridge, type BridgeOptions, type BridgeStats } from './bridge.ts';
export {
  startEmbeddedBroker,
  PortInUseError,
  BRIDGE_USERNAME,
  type EmbeddedBroker,
  type EmbeddedBrokerOptions,
} from './broker/embedded-broker.ts';
export {
  createDroneCredentials,
  verifyDroneSecret,
  hashDroneSecret,
  generatePassword,
  type DroneCredentials,
} from './credentials.ts';
export { writeMosquittoAuthFiles, mosquittoAcl, type MosquittoAuthOptions } from './mosquitto/auth-files.ts';
export * as decoders from './decoders/index.ts';
export {
  decodeMessage,
  rejectReasons,
  type RejectReason,
  type Rejection,
  type DecodedRecord,
  type FixRecord,
  type SightingRecord,
  type StatusRecord,
} from './decoders/index.ts';
export {
  topics,
  bridgeSubscriptions,
  parseInboundTopic,
  droneIdOfTopic,
  isValidDroneId,
  DRONE_ID_RE,
  TOPIC_ROOT,
  SHARE_GROUP,
  type InboundKind,
  type ParsedTopic,
} from './topics.ts';
export { createBridgeMetrics, type BridgeMetrics } from './metrics.ts';
export { loadBridgeConfig, ConfigError as BridgeConfigError, type BridgeConfig } from './config.ts';
export * from './simulator/index.ts';
export {
  startMavlinkListener,
  MavlinkPortInUseError,
  DEFAULT_MAVLINK_UDP_PORT,
  type MavlinkListener,
  type MavlinkListenerOptions,
} from './mavlink/mavlink-listener.ts';
export { mavlinkSigningKeyBox, MAVLINK_SIGNING_KEY_BYTES, MAVLINK_SIGNING_KEY_PURPOSE } from './mavlink/signing.ts';
export { startLocalMosquitto, findMosquitto, type LocalMosquitto } from './mosquitto/local-mosquitto.ts';
export { startDynsecSync, type DynsecSync } from './mosquitto/dynsec-sync.ts';
export { createDynsecPilotIssuer, type DynsecPilotIssuer } from './mosquitto/dynsec-issue.ts';
export { revokeDjiPilot, rebindDjiDevice, loadDjiAccess } from './dji/dji-access.repo.ts';
export { type DjiPlatformConfig } from './dji/dji-replies.ts';
export { parseDjiPlatformEnv, type DjiPlatformSettings } from './dji/dji-platform-env.ts';
export { djiTopics, djiDroneId, djiServicesReplyFilter } from './dji/dji-topics.ts';
export { mslFromEllipsoid } from './dji/geoid.ts';
