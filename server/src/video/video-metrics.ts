import { Counter, type Registry } from 'prom-client';
import type { VideoRefusal } from './video-gate.ts';

/**
 * `lookout_video_refused_total{reason}`: publishes and plays the video gate refused (wrong or revoked key, bad or
 * expired token, …) and media-server callbacks too malformed to judge. Get-or-create, so the embedded media server,
 * the external servers' callbacks and the play route share one counter on a registry.
 */
export function videoRefusals(registry: Registry): Counter<'reason'> {
  const name = 'lookout_video_refused_total';
  return (
    (registry.getSingleMetric(name) as Counter<'reason'> | undefined) ??
    new Counter({
      name,
      help: 'Video publishes, plays and media-server callbacks refused, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    })
  );
}

/** The gate's `refused` callback counting into `videoRefusals`. */
export const countRefusals =
  (registry: Registry) =>
  (reason: VideoRefusal): void => {
    videoRefusals(registry).inc({ reason });
  };
