import { request } from '../api.ts';
import { decodeTrack, type ReplayResponse } from '@lookout/contracts';
import type { ReplayData } from './replay-types.ts';

export const replayApi = {
  /** The replay with its tracks decoded once (integer deltas → ms and degrees). */
  load: async (caseId: string): Promise<ReplayData> => {
    const w = await request<ReplayResponse>('GET', `/cases/${encodeURIComponent(caseId)}/replay`);
    // Marks for bench:replay (JSON parsed; tracks decoded).
    performance.mark('replay:parsed');
    const d = { ...w, drones: w.drones.map(decodeTrack), units: w.units.map(decodeTrack) };
    performance.mark('replay:decoded');
    return d;
  },
};
