import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { loadSecretKey, type Database } from '@lookout/db';
import type { Config } from '../config.ts';
import { createCasesRepo } from '../cases/cases.repo.ts';
import { createExternalStreamWatch } from './external/external-stream-watch.ts';
import { externalMediaHooks } from './external/media-hooks.routes.ts';
import { startEmbeddedMedia, type EmbeddedMedia } from './embedded-media.ts';
import { createStreamWatch, type StreamWatch } from './stream-watch.ts';
import { createVideoGate } from './video-gate.ts';
import { createVideoKeysRepo } from './video-keys.repo.ts';
import { videoMetrics } from './video-metrics.ts';
import { videoPlayRoutes, videoRoutes } from './video.routes.ts';
import { createVideoService } from './video.service.ts';
import { videoTokenSigner } from './video-tokens.ts';

export interface VideoModuleDeps {
  database: Database;
  config: Pick<Config, 'video' | 'secretsKey' | 'dataDir'>;
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
  const viewers = new Map<string, number>();
  const recorders = new Set<string>();

  const service = createVideoService({
    repo,
    gate,
    tokens,
    settings,
    media: () => media,
    watch: () => watch,
    viewers: (stream) => viewers.get(stream) ?? 0,
    recording: (droneId) => recorders.has(droneId),
    officerMayRead: (caseId, userId) => cases.officerMayRead(caseId, userId),
    refused,
  });

  return {
    service,
    gate,
    metrics,
    routes: videoRoutes(service),
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
        if (settings.media === 'nginx-rtmp') watch = createExternalStreamWatch();
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
          published: (stream, droneId) => watch?.published(stream, droneId),
          unpublished: (stream) => watch?.unpublished(stream),
        });
        watch = createStreamWatch(media);
      } catch (err) {
        log.error(
          { err, port: settings.rtmpPort },
          `video off: the RTMP port ${settings.rtmpPort} could not be opened (set RTMP_PORT, or VIDEO_MEDIA=none)`,
        );
      }
    },
    async stop(): Promise<void> {
      gate.stop();
      watch?.stop();
      await media?.stop();
      media = undefined;
      watch = undefined;
    },
  };
}

export type VideoModule = ReturnType<typeof createVideoModule>;
