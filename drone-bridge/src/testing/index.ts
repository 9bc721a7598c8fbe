/** Test helpers other packages' tests use (`@lookout/drone-bridge/testing`): a real Mosquitto and DJI pilots. */
export { hasMosquitto, hasDynsec, dynsecPluginPath, startTestMosquitto, type TestMosquitto } from './mosquitto.ts';
export { createTestDjiPilot, revokeStaleTestPilots, testSerial } from './dji-pilots.ts';
export { startDynsecBridge } from './dynsec-bridge.ts';
export { announceTopology } from './dji-topology.ts';
export { djiBrokerTargets, waitFor, type DjiBrokerTarget } from './dji-broker-targets.ts';
