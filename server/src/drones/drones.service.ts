import { createDroneCredentials } from '@lookout/drone-bridge';
import { AppError } from '../http/errors.ts';
import type { SessionUser } from '../auth/auth.repo.ts';
import { newDroneId } from './drone-id.ts';
import { trackFeature, tracksCollection, type FeatureCollection, type TrackFeature } from './drones.geojson.ts';
import type { DroneRow, DronesRepo } from './drones.repo.ts';
import type { RegisterDroneBody } from './drones.schemas.ts';

const TRACK_LIMIT = 100_000;

export interface DroneView {
  id: string;
  callsign: string;
  createdAt: string;
  lastSeen: string | null;
  online: boolean;
  latest: DroneRow['latest'];
}

export function droneView(row: DroneRow, staleAfterS: number, now = Date.now()): DroneView {
  const fresh = row.lastSeen !== null && now - Date.parse(row.lastSeen) <= staleAfterS * 1000;
  return {
    id: row.id,
    callsign: row.callsign,
    createdAt: row.createdAt,
    lastSeen: row.lastSeen,
    // A drone that said goodbye (Last Will) is offline at once; otherwise recent fixes decide.
    online: row.statusOnline === false ? false : fresh,
    latest: row.latest,
  };
}

export interface DronesServiceDeps {
  repo: DronesRepo;
  staleAfterS: number;
  /** The broker URL a drone should use, given the host name the admin reached us by. */
  brokerUrlFor: (hostname: string) => string;
}

export function createDronesService(deps: DronesServiceDeps) {
  return {
    async list(): Promise<{ drones: DroneView[] }> {
      const now = Date.now();
      return { drones: (await deps.repo.list()).map((r) => droneView(r, deps.staleAfterS, now)) };
    },

    async register(body: RegisterDroneBody, by: SessionUser, hostname: string) {
      const { password, hash } = await createDroneCredentials();
      const id = newDroneId();
      const created = await deps.repo.insert({ id, callsign: body.callsign, credentialHash: hash, createdBy: by.id });
      if (!created) {
        throw new AppError('callsign_taken', `A drone with callsign ${body.callsign} exists`, {
          callsign: body.callsign,
        });
      }
      return { id, callsign: body.callsign, mqtt: { url: deps.brokerUrlFor(hostname), username: id, password } };
    },

    /** The broker checks the drones table on every connect: a disabled drone cannot connect again. */
    async disable(droneId: string): Promise<{ id: string; callsign: string; disabled: true }> {
      const callsign = await deps.repo.disable(droneId);
      if (callsign === undefined) throw new AppError('not_found', `No enabled drone ${droneId}`, { id: droneId });
      return { id: droneId, callsign, disabled: true };
    },

    /** A new MQTT password for a drone (shown once); the old one stops working at the next connect. */
    async resetCredentials(droneId: string, hostname: string) {
      const { password, hash } = await createDroneCredentials();
      const callsign = await deps.repo.setCredential(droneId, hash);
      if (callsign === undefined) throw new AppError('not_found', `No enabled drone ${droneId}`, { id: droneId });
      return { id: droneId, callsign, mqtt: { url: deps.brokerUrlFor(hostname), username: droneId, password } };
    },

    async track(droneId: string, from: Date, to: Date): Promise<FeatureCollection<TrackFeature>> {
      const callsign = await deps.repo.callsignOf(droneId);
      if (callsign === undefined) throw new AppError('not_found', `No drone ${droneId}`);
      const f = trackFeature(droneId, callsign, await deps.repo.track(droneId, from, to, TRACK_LIMIT));
      return { type: 'FeatureCollection', features: f ? [f] : [] };
    },

    async tracksSince(since: Date): Promise<FeatureCollection<TrackFeature>> {
      return tracksCollection(await deps.repo.tracksSince(since, TRACK_LIMIT));
    },
  };
}

export type DronesService = ReturnType<typeof createDronesService>;
