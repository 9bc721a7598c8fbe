import { Counter, Gauge, type Registry } from 'prom-client';

function getOr<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/**
 * `lookout_video_refused_total{reason}`: publishes and plays refused (wrong key, revoked key, no or bad token, out of
 * scope, broken RTMP handshake, undecodable RTMP message, idle or too many connections); `lookout_video_dropped_frames_total`: frames not
 * sent to a viewer who could not keep up; `lookout_video_stat_failures_total`: failed reads of an external media
 * server's statistics; `lookout_video_viewers`: HTTP-FLV viewers now. Get-or-create.
 */
export function videoMetrics(registry: Registry) {
  return {
    refused: getOr(
      registry,
      'lookout_video_refused_total',
      () =>
        new Counter({
          name: 'lookout_video_refused_total',
          help: 'Video publishes and plays refused, by reason',
          labelNames: ['reason'] as const,
          registers: [registry],
        }),
    ) as Counter<'reason'>,
    droppedFrames: getOr(
      registry,
      'lookout_video_dropped_frames_total',
      () =>
        new Counter({
          name: 'lookout_video_dropped_frames_total',
          help: 'Video frames dropped for viewers who could not keep up',
          registers: [registry],
        }),
    ) as Counter,
    statFailures: getOr(
      registry,
      'lookout_video_stat_failures_total',
      () =>
        new Counter({
          name: 'lookout_video_stat_failures_total',
          help: "Failed reads of the external media server's statistics page (VIDEO_STAT_URL)",
          registers: [registry],
        }),
    ) as Counter,
    viewers: getOr(
      registry,
      'lookout_video_viewers',
      () => new Gauge({ name: 'lookout_video_viewers', help: 'HTTP-FLV viewers now', registers: [registry] }),
    ) as Gauge,
  };
}

export type VideoMetrics = ReturnType<typeof videoMetrics>;
