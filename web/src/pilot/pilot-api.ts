import type { AttachDroneResult, MarkSightingBody, PilotCasesResponse, SightingFeature } from '@lookout/contracts';
import { request } from '../api.ts';
import { uploadPhoto } from '../shared/upload-photo.ts';

const id = encodeURIComponent;

/** The pilot's side of a case: his cases, his drones on them, sightings marked on his map. */
export const pilotApi = {
  cases: () => request<PilotCasesResponse>('GET', '/pilot/cases'),
  attach: (caseId: string, droneId: string, pilotId?: string) =>
    request<AttachDroneResult>('POST', `/cases/${id(caseId)}/drones`, { droneId, ...(pilotId ? { pilotId } : {}) }),
  detach: (caseId: string, droneId: string) => request<void>('DELETE', `/cases/${id(caseId)}/drones/${id(droneId)}`),
  mark: (body: MarkSightingBody) => request<SightingFeature>('POST', '/sightings', body),
  photo: (sightingId: number, photo: Blob, onProgress: (fraction: number) => void) =>
    uploadPhoto<{ id: number; width: number; height: number }>(
      'PUT',
      `/api/v1/sightings/${sightingId}/photo`,
      photo,
      onProgress,
    ),
};
