import { api } from '../api.ts';
import { SocketController } from './socket-controller.ts';
import { liveStore } from './store.ts';

let controller: SocketController | null = null;

/**
 * Loads the initial picture over HTTP (drones, last 10 min of tracks, sightings), then opens the live socket,
 * which resumes after the last seq it saw. Safe to call more than once. `seesPositions` false (a liaison): the
 * socket only, whose snapshot carries no drones or sightings for that role.
 */
export async function startLive(staleAfterS: number, seesPositions = true): Promise<void> {
  liveStore.staleAfterS = staleAfterS;
  // Read-only view for the browser test (web/e2e): what the store holds, next to what the map draws.
  if (window.__lookout) window.__lookout.store = liveStore;
  if (controller) return;
  controller = new SocketController(liveStore);
  // A liaison may not read drones, tracks or sightings (docs/permissions.md): asking would only collect 403s.
  if (!seesPositions) {
    controller.start();
    return;
  }
  const [drones, tracks, sightings] = await Promise.allSettled([api.drones(), api.tracks(), api.sightings()]);
  if (tracks.status === 'fulfilled') liveStore.setTracks(tracks.value.features);
  if (drones.status === 'fulfilled') liveStore.setDrones(drones.value.drones);
  if (sightings.status === 'fulfilled') liveStore.upsertSightings(sightings.value.features);
  controller?.start();
}

export function stopLive(): void {
  controller?.stop();
  controller = null;
  liveStore.reset();
}
