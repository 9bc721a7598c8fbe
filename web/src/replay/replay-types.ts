import type { ColumnTrack } from './replay-clock.ts';
import type { WireTrack } from './replay-codec.ts';

/**
 * The replay as the page uses it: GET /api/v1/cases/:id/replay (server/src/replay/replay.service.ts) with its
 * tracks decoded (replay-api.ts). Every `t` is ms after `window.from`.
 */
export interface ReplayData {
  case: { id: string; kind: string; status: string; title: string; ipp: [number, number] | null };
  window: { from: string; to: string; durationMs: number };
  area: { bbox: [number, number, number, number]; marginM: number } | null;
  drones: ColumnTrack[];
  units: ColumnTrack[];
  callers: { id: number; t: number; lon: number; lat: number; accuracyM: number; source: string }[];
  sightings: {
    id: number;
    t: number;
    lon: number;
    lat: number;
    uncM: number | null;
    kind: string;
    count: number | null;
    status: string;
    statusT: number | null;
    drone: string;
  }[];
  matches: {
    id: number;
    callerLocationId: number;
    sightingId: number;
    score: number;
    distanceM: number;
    status: string;
    t: number;
    confirmedT: number | null;
  }[];
  alerts: {
    id: string;
    kind: string;
    status: string;
    t: number;
    lon: number;
    lat: number;
    maxRadiusM: number;
    verifiedT: number | null;
    messages: { msgType: string; t: number; radiusM: number; area: GeoJSON.Geometry }[];
    deliveries: {
      id: number;
      group: string;
      channel: string;
      status: string;
      t: number;
      sentT: number | null;
      ackT: number | null;
    }[];
  }[];
  events: { seq: number; type: string; t: number; actor: string | null; data: Record<string, unknown> }[];
}

/** The API's answer: the same, its tracks delta-encoded. */
export type ReplayWire = Omit<ReplayData, 'drones' | 'units'> & { drones: WireTrack[]; units: WireTrack[] };
