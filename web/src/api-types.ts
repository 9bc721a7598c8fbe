/** Wire types of docs/api.md (the server validates; the client trusts the shapes it documents). */
import type { Role } from '@lookout/contracts';

export type {
  Drone,
  FeatureCollection,
  LatestFix as Fix,
  Position,
  Role,
  ServerMessage as LiveMessage,
  SightingFeature,
  SightingProps,
} from '@lookout/contracts';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
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
