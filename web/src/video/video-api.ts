import type { VideoPlay, VideoPublishKey, VideoSnapshotResult, VideoStatus, VideoStatusList } from '@lookout/contracts';
import { request } from '../api.ts';
import { uploadPhoto } from '../shared/upload-photo.ts';
import type { VideoQuality } from './quality.ts';

const id = encodeURIComponent;

/** Live video: play URLs (one per viewer, expiring), the stream's state, stream keys, and frames as sightings. */
export const videoApi = {
  play: (droneId: string, quality: VideoQuality) =>
    request<VideoPlay>('POST', `/drones/${id(droneId)}/video/play`, { quality }),
  status: (droneId: string) => request<VideoStatus>('GET', `/drones/${id(droneId)}/video`),
  onAir: () => request<VideoStatusList>('GET', '/video/streams'),
  makeKey: (droneId: string) => request<VideoPublishKey>('POST', `/drones/${id(droneId)}/video/publish-key`),
  revokeKey: (droneId: string) =>
    request<{ droneId: string; revokedAt: string }>('DELETE', `/drones/${id(droneId)}/video/publish-key`),
  snapshot: (droneId: string, caseId: string, jpeg: Blob) =>
    uploadPhoto<VideoSnapshotResult>(
      'POST',
      `/api/v1/drones/${id(droneId)}/video/snapshot?caseId=${id(caseId)}`,
      jpeg,
      () => undefined,
    ),
};
