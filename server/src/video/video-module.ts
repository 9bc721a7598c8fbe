import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { loadSecretKey, type Database } from '@lookout/db';
import type { Config } from '../config.ts';
import path from 'node:path';
import { createCaseAccess } from '../cases/case-access.ts';
import { createCasesRepo } from '../cases/cases.repo.ts';
import { createRouter } from '../http/router.ts';
import { createCaseDronesRepo } from '../pilot/case-drones.repo.ts';
import { createMarkedSightingsRepo } from '../pilot/marked-sightings.repo.ts';
import { createExternalStreamWatch, type ExternalStreamWatch } from './external/external-stream-watch.ts';
import { startNginxStatPoller, type NginxStatPoller } from './external/nginx-stat.ts';
import { externalMediaHooks } from './external/media-hooks.routes.ts';
import { startEmbeddedMedia, type EmbeddedMedia } from './embedded-media.ts';
import { createRecorder } from './recording/recorder.ts';
import { createRecordingsRepo } from './recording/recordings.repo.ts';
import { recordingsRoutes } from './recording/recordings.routes.ts';
import { createRecordingsService } from './recording/recordings.service.ts';
import { createSnapshotRepo } from './snapshot/snapshot.repo.ts';
import { snapshotRoutes } from './snapshot/snapshot.routes.ts';
import { createSnapshotService } from './snapshot/snapshot.service.ts';
import { createStreamWatch, type StreamWatch } from './stream-watch.ts';
import { createVideoGate } from './video-gate.ts';
import { createVideoKeysRepo } from './video-keys.repo.ts';
import { videoMetrics } from './video-metrics.ts';
import { videoPlayRoutes, videoRoutes } from './video.routes.ts';
import { createVideoService } from './video.service.ts';
import { videoTokenSigner } from './video-tokens.ts';

export interface VideoModuleDeps {
  database: Database;
  config: Pick<Config, 'video' | 'secretsKey' | 'dataDir' | 'photoMaxBytes' | 'caseFileRetentionDays'>;
  log: Logger;
  registry: Registry;
}

/**
 * Live video: stream keys, play URLs, the stream's state, and the embedded media server (started by `start()`,
 * after the HTTP server is built; a port already taken leaves video off and says so, the rest runs on).
 */
export function createVideoModule(deps: VideoModuleDeps) {
  const { database, config } = deps;
  const log = deps.log.child({ module: 'video' });
  const settings = config.video;
  const metrics = videoMetrics(deps.registry);
  const repo = createVideoKeysRepo(database);
  const tokens = videoTokenSigner(loadSecretKey({ secretsKey: config.secretsKey, dataDir: config.dataDir }));
  const refused = (reason: string) => metrics.refused.inc({ reason });
  const gate = createVideoGate({ repo, tokens, refused, log });
  const cases = createCasesRepo(database);
  let media: EmbeddedMedia | undefined;
  let watch: StreamWatch | undefined;
  let external: ExternalStreamWatch | undefined;
  let statPoller: NginxStatPoller | undefined;
  const viewers = new Map<string, number>();
  const recorders = new Set<string>();
  const caseDrones = createCaseDronesRepo(database);
  const access = createCaseAccess(cases, caseDrones);
  const recordingsRepo = createRecordingsRepo(database);
  const videoDir = path.join(config.dataDir, 'video');
  const recorder = createRecorder({
    media: () => media,
    repo: recordingsRepo,
    videoDir,
    maxBytes: settings.recordMaxBytes,
    segmentMs: settings.recordSegmentS * 1000,
    segmentBytes: 256 * 1024 * 1024,
    retentionDays: config.caseFileRetentionDays,
    recording: recorders,
    log,
  });
  const snapshots = createSnapshotService({
    repo: createSnapshotRepo(database),
    access,
    caseDrones,
    marked: createMarkedSightingsRepo(database),
    officerMayRead: (caseId, userId) => cases.officerMayRead(caseId, userId),
    refused,
  });
  const recordings = createRecordingsService({ repo: recordingsRepo, access, pathOf: recorder.pathOf, log });
  const routes = createRouter();

  /** nginx-rtmp's statistics into the watch; a failing read is counted, and said once until it works again. */
  function watchStat(url: string, into: ExternalStreamWatch): NginxStatPoller {
    let failing = false;
    return startNginxStatPoller({
      url,
      observe(streams, at) {
        if (failing) log.info({ url }, 'video: the media server statistics read again');
        failing = false;
        into.observe(streams, at);
      },
      failed(err) {
        metrics.statFailures.inc();
        if (!failing) log.warn({ err, url }, 'video: the media server statistics (VIDEO_STAT_URL) cannot be read');
        failing = true;
      },
    });
  }

  const service = createVideoService({
    repo,
    gate,
    tokens,
    settings,
    media: () => media,
    watch: () => watch,
    externalVideo: (stream) => external?.videoOf(stream),
    viewers: (stream) => viewers.get(stream) ?? 0,
    recording: (droneId) => recorders.has(droneId),
    officerMayRead: (caseId, userId) => cases.officerMayRead(caseId, userId),
    refused,
  });

  return {
    service,
    gate,
    metrics,
    routes: routes
      .use(videoRoutes(service))
      .use(snapshotRoutes(snapshots, config.photoMaxBytes, metrics.refused))
      .use(recordingsRoutes(recordings)),
    recorder,
    /** A station's own media server's callbacks (VIDEO_MEDIA=nginx-rtmp); none otherwise. */
    hookRoutes: externalMediaHooks({
      gate,
      hookToken: settings.media === 'nginx-rtmp' ? settings.hookToken : undefined,
      log,
      refused,
      streams: {
        published: (stream, droneId) => watch?.published(stream, droneId),
        unpublished: (stream) => watch?.unpublished(stream),
      },
    }),
    pageRoutes: videoPlayRoutes({
      gate,
      media: () => media,
      metrics,
      viewerJoined(stream) {
        viewers.set(stream, (viewers.get(stream) ?? 0) + 1);
        let left = false;
        return () => {
          if (left) return;
          left = true;
          const n = (viewers.get(stream) ?? 1) - 1;
          if (n > 0) viewers.set(stream, n);
          else viewers.delete(stream);
        };
      },
    }),
    media: () => media,
    async start(): Promise<void> {
      await gate.start();
      if (settings.media !== 'embedded') {
        if (settings.media === 'nginx-rtmp') {
          watch = external = createExternalStreamWatch();
          if (settings.statUrl) statPoller = watchStat(settings.statUrl, external);
        }
        log.info({ media: settings.media }, 'video: no embedded media server (VIDEO_MEDIA)');
        return;
      }
      try {
        media = await startEmbeddedMedia({
          port: settings.rtmpPort,
          log,
          reconnectGraceMs: settings.reconnectGraceS * 1000,
          authorisePublish: gate.authorisePublish,
          authorisePlay: gate.authorisePlay,
          refused,
          published: (stream, droneId) => {
            watch?.published(stream, droneId);
            void recorder.sync();
          },
          unpublished: (stream) => {
            watch?.unpublished(stream);
            void recorder.sync();
          },
        });
        watch = createStreamWatch(media);
      } catch (err) {
        log.error(
          { err, port: settings.rtmpPort },
          `video off: the RTMP port ${settings.rtmpPort} could not be opened (set RTMP_PORT, or VIDEO_MEDIA=none)`,
        );
      }
      if (media && settings.recordMaxBytes > 0)
        await recorder.start().catch((err: unknown) => log.error({ err, videoDir }, 'recording off: the video folder'));
    },
    async stop(): Promise<void> {
      gate.stop();
      await recorder.stop();
      statPoller?.stop();
      watch?.stop();
      await media?.stop();
      media = undefined;
      watch = external = statPoller = undefined;
    },
  };
}

export type VideoModule = ReturnType<typeof createVideoModule>;
