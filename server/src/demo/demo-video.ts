import { spawnSync } from 'node:child_process';
import type { Logger } from 'pino';
import type { VideoModule } from '../video/video-module.ts';
import { pushTestPattern } from '../video/testing/test-pattern.ts';

/**
 * The demo drone's camera: when Debian's ffmpeg is installed, a small test pattern pushed over RTMP to the
 * embedded media server through Lookout's own signed push URL (as a DJI gateway would be told to), restarted if it
 * stops. Without ffmpeg the demo has no video and says so once.
 */
export function startDemoVideo(o: { video: VideoModule; droneId: string; log: Logger }): { stop(): Promise<void> } {
  const log = o.log.child({ module: 'demo-video', droneId: o.droneId });
  const media = o.video.media();
  if (!media) return { stop: () => Promise.resolve() };
  if (spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status !== 0) {
    log.info('demo video off: ffmpeg is not installed (apt install ffmpeg)');
    return { stop: () => Promise.resolve() };
  }
  let stopped = false;
  let current: ReturnType<typeof pushTestPattern> | undefined;
  const run = () => {
    if (stopped) return;
    const url = o.video.service
      .pushUrlFor(o.droneId, '127.0.0.1', 'demo')
      .replace(/:\/\/[^/]+\//, `://127.0.0.1:${media.port}/`);
    current = pushTestPattern({ url, width: 640, height: 360, fps: 15, kbps: 600 });
    void current.exited.then((code) => {
      if (stopped) return;
      log.warn({ code }, 'demo video push stopped; again in 5 s');
      setTimeout(run, 5_000).unref();
    });
  };
  run();
  log.info('demo video: a test pattern streams as the demo drone’s camera');
  return {
    async stop() {
      stopped = true;
      await current?.stop();
    },
  };
}
