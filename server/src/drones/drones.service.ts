import type { Drone, RegisterDroneBody, TrackFeature } from '@lookout/contracts';
import { randomBytes } from 'node:crypto';
import type { SecretBox } from '@lookout/db';
import { createDroneCredentials, MAVLINK_SIGNING_KEY_BYTES } from '@lookout/drone-bridge';
import { AppError } from '../errors.ts';
import type { SessionUser } from '../auth/auth.repo.ts';
import { newDroneId } from './drone-id.ts';
import { trackFeature, tracksCollection, type FeatureCollection } from './drones.geojson.ts';
import type { DroneRow, DronesRepo } from './drones.repo.ts';

const TRACK_LIMIT = 100_000;

export function droneView(row: DroneRow, staleAfterS: number, now = Date.now()): Drone {
  const fresh = row.lastSeen !== null && now - Date.parse(row.lastSeen) <= staleAfterS * 1000;
  return {
    id: row.id,
    callsign: row.callsign,
    source: row.source,
    serial: row.serial,
    mavlink: row.mavlink,
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
  /** Seals MAVLink signing keys (purpose MAVLINK_SIGNING_KEY_PURPOSE); the bridge opens them with the same key. */
  signingKeyBox: SecretBox;
}

export function createDronesService(deps: DronesServiceDeps) {
  return {
    async list(): Promise<{ drones: Drone[] }> {
      const now = Date.now();
      return { drones: (await deps.repo.list()).map((r) => droneView(r, deps.staleAfterS, now)) };
    },

    async register(body: RegisterDroneBody, by: SessionUser, hostname: string) {
      // Every drone gets MQTT credentials: a MAVLink aircraft's companion app may still report sightings.
      const { password, hash } = await createDroneCredentials();
      const id = newDroneId();
      const signingKey = body.mavlink?.signing ? randomBytes(MAVLINK_SIGNING_KEY_BYTES) : null;
      const outcome = await deps.repo.insert({
        id,
        callsign: body.callsign,
        credentialHash: hash,
        createdBy: by.id,
        source: body.mavlink ? 'mavlink' : 'lookout',
        mavlinkSystemId: body.mavlink?.systemId ?? null,
        mavlinkSigningKey: signingKey ? deps.signingKeyBox.seal(signingKey.toString('hex')) : null,
      });
      if (outcome === 'system_id_taken')
        throw new AppError('conflict', `MAVLink system id ${body.mavlink?.systemId} belongs to another drone`);
      if (outcome === 'callsign_taken') {
        throw new AppError('callsign_taken', `A drone with callsign ${body.callsign} exists`, {
          callsign: body.callsign,
        });
      }
      return {
        id,
        callsign: body.callsign,
        source: body.mavlink ? ('mavlink' as const) : ('lookout' as const),
        mqtt: { url: deps.brokerUrlFor(hostname), username: id, password },
        // The signing key is shown only here, once (hex of 32 bytes, as ArduPilot/PX4 tools take it).
        ...(body.mavlink
          ? {
              mavlink: {
                systemId: body.mavlink.systemId,
                signing: signingKey !== null,
                ...(signingKey ? { signingKey: signingKey.toString('hex') } : {}),
              },
            }
          : {}),
      };
    },

    /**
     * A new callsign (the audit trail records the request; the detail here names the old one). The DJI bridge
     * never overwrites a callsign once the drone exists, so an admin's name survives the next `update_topo`.
     */
    async rename(droneId: string, callsign: string): Promise<{ id: string; callsign: string; previous: string }> {
      const outcome = await deps.repo.rename(droneId, callsign);
      if (outcome === undefined) throw new AppError('not_found', `No drone ${droneId}`, { id: droneId });
      if (outcome === 'taken')
        throw new AppError('callsign_taken', `A drone with callsign ${callsign} exists`, { callsign });
      return { id: droneId, callsign, previous: outcome.old };
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
