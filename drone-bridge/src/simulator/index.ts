import type { Database } from '@lookout/db';
import type { Logger } from 'pino';
import { demoMissions } from './demo-area.ts';
import { ensureDemoDrones } from './demo-drones.ts';
import { startSimDrone, type SimDrone } from './sim-drone.ts';

export { demoMissions, DEMO_CENTRE, type DemoMission } from './demo-area.ts';
export { ensureDemoDrones, demoDronesFile, type DemoDrone } from './demo-drones.ts';
export { startSimDrone, type SimDrone, type SimDroneOptions } from './sim-drone.ts';
export {
  startMavlinkSimDrone,
  MAVLINK_DEMO,
  type MavlinkSimDrone,
  type MavlinkSimDroneOptions,
} from './mavlink-sim-drone.ts';

export interface SimulatorOptions {
  database: Database;
  /** Broker URL without credentials; each demo drone logs in with its own. */
  mqttUrl: string;
  /** Where `demo-drones.json` keeps the demo drones' passwords across restarts. */
  dataDir: string;
  log: Logger;
  /** How many demo drones (default 3). */
  drones?: number;
  /** Telemetry rate per drone, Hz (default 1). */
  hz?: number;
  /** Mean seconds between one drone's sightings (default 120). */
  sightingEveryS?: number;
}

export interface Simulator {
  readonly drones: readonly SimDrone[];
  stop(): Promise<void>;
}

/**
 * The demo drones: each its own MQTT client with its own credentials, flying a search pattern over the hills near
 * Yongkang and publishing exactly as a real drone does.
 */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const log = options.log.child({ module: 'simulator' });
  const missions = demoMissions(options.drones ?? 3);
  const creds = await ensureDemoDrones(options.database, options.dataDir, missions, log);
  const byCallsign = new Map(creds.map((c) => [c.callsign, c]));
  const drones = missions.map((m, i) => {
    const c = byCallsign.get(m.callsign)!;
    return startSimDrone({
      mqttUrl: options.mqttUrl,
      droneId: c.id,
      password: c.password,
      callsign: m.callsign,
      route: m.route,
      home: m.home,
      homeMsl: m.homeMsl,
      speed: m.speed,
      altRel: m.altRel,
      hz: options.hz ?? 1,
      sightingEveryS: options.sightingEveryS ?? 120,
      djiOsd: m.djiOsd,
      // Staggered batteries so the drones do not all go home at once.
      startBattery: 95 - i * 17,
      log,
    });
  });
  log.info({ drones: drones.map((d) => d.droneId) }, 'simulator started');
  return {
    drones,
    async stop() {
      await Promise.all(drones.map((d) => d.stop()));
    },
  };
}
export {
  startDjiGatewaySim,
  DEMO_DOCK_SERIAL,
  DEMO_DOCK_AIRCRAFT_SERIAL,
  type DjiGatewaySim,
} from './dji-gateway-sim.ts';
export { ensureDemoDjiPilot, DEMO_DJI_USERNAME } from './dji-demo-pilot.repo.ts';
export { findFfmpeg, startTestPatternPush, testPatternArgs, type TestPatternPush } from './test-pattern-push.ts';
