/** Wire types of docs/api.md (the server validates; the client trusts the shapes it documents). */
import type { DroneSource, Role, SightingStatus } from '@lookout/contracts';

export type { Role };

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface Fix {
  t: string;
  lon: number;
  lat: number;
  altMsl?: number | null;
  altRel?: number | null;
  hdg?: number | null;
  gs?: number | null;
  vs?: number | null;
  bat?: number | null;
  src?: string | null;
}

export interface Drone {
  id: string;
  callsign: string;
  /** Where its telemetry comes from: Lookout v1 JSON over MQTT, the DJI Cloud API, or MAVLink over UDP. */
  source: DroneSource;
  /** The maker's serial number (DJI), when known. */
  serial: string | null;
  mavlink: { systemId: number; signing: boolean } | null;
  createdAt: string;
  lastSeen: string | null;
  online: boolean;
  latest: Fix | null;
}

export interface Position extends Fix {
  droneId: string;
  seq: number;
}

export interface SightingProps {
  /** A number from the server (sightings.id); the web app keys sightings by its string form. */
  id: number | string;
  seq: number;
  droneId: string;
  callsign: string;
  t: string;
  uncM: number | null;
  conf: number | null;
  kind: string;
  count: number | null;
  note: string | null;
  status: SightingStatus;
  hasPhoto: boolean;
}

export interface SightingFeature {
  type: 'Feature';
  id?: string | number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: SightingProps;
}

export interface FeatureCollection<F> {
  type: 'FeatureCollection';
  features: F[];
}

export interface TrackFeature {
  type: 'Feature';
  geometry: { type: 'LineString'; coordinates: [number, number][] };
  properties: { droneId: string; callsign: string; times: string[] };
}

export interface BasemapConfig {
  kind: 'pmtiles' | 'xyz' | 'fallback';
  url?: string;
  attribution?: string;
}

export interface AppConfig {
  basemap: BasemapConfig;
  center: [number, number];
  zoom: number;
  staleAfterS: number;
}

export type LiveMessage =
  | { type: 'snapshot'; seq: number; drones: Drone[]; sightings: FeatureCollection<SightingFeature> }
  | { type: 'positions'; seq: number; positions: Position[] }
  | { type: 'event'; seq: number; event: { kind: 'sighting'; sighting: SightingFeature } | { kind: string } }
  | { type: 'ping'; seq: number }
  | { type: 'error'; seq: number; error: { code: string; message: string } };
