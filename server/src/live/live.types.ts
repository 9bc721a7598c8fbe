import type { DroneView } from '../drones/drones.service.ts';
import type { FeatureCollection } from '../drones/drones.geojson.ts';
import type { SightingFeature } from '../sightings/sightings.repo.ts';

/** One fix on the live feed; `seq` is `fixes.id`. */
export interface Position {
  droneId: string;
  seq: number;
  t: string;
  lon: number;
  lat: number;
  altMsl: number | null;
  altRel: number | null;
  hdg: number | null;
  gs: number | null;
  vs: number | null;
  bat: number | null;
}

/** A sighting as it now stands; `seq` is its current `live_seq`. */
export interface SightingEvent {
  seq: number;
  sighting: SightingFeature;
}

/** What the hub hands its subscribers after each read of the database. */
export interface LiveBatch {
  positions: Position[];
  events: SightingEvent[];
  /** Everything up to here has been read (apart from late commits still in the hole list). */
  cursor: number;
}

export type ServerMessage =
  | { type: 'snapshot'; seq: number; drones: DroneView[]; sightings: FeatureCollection<SightingFeature> }
  | { type: 'positions'; seq: number; positions: Position[] }
  | { type: 'event'; seq: number; event: { kind: 'sighting'; sighting: SightingFeature } }
  | { type: 'ping'; seq: number }
  | { type: 'error'; seq: number; error: { code: string; message: string } };
