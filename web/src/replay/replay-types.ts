import type { ColumnTrack, ReplayResponse } from '@lookout/contracts';

/**
 * The replay as the page uses it: GET /api/v1/cases/:id/replay with its tracks decoded (replay-api.ts). Every `t`
 * is ms after `window.from`.
 */
export type ReplayData = Omit<ReplayResponse, 'drones' | 'units'> & { drones: ColumnTrack[]; units: ColumnTrack[] };
