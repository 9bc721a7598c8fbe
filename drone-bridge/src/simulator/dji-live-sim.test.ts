import { createServer } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createDjiLiveSim, LIVE_RESULT, liveCapacity, type SimCamera } from './dji-live-sim.ts';
import { findFfmpeg } from './test-pattern-push.ts';

const log = pino({ level: 'silent' });
const camera: SimCamera = {
  sn: 'AIRCRAFT01',
  cameraIndex: '81-0-0',
  videoIndex: 'normal-0',
  videoType: 'normal',
  switchable: ['normal', 'wide', 'zoom', 'ir'],
};
const VIDEO = 'AIRCRAFT01/81-0-0/normal-0';
const start = (over: Record<string, unknown> = {}) => ({
  url_type: 1,
  url: 'rtmp://127.0.0.1:1/live/x',
  video_id: VIDEO,
  video_quality: 0,
  ...over,
});

function sim(ffmpeg: string | undefined) {
  const changes: Record<string, unknown>[][] = [];
  return { live: createDjiLiveSim({ cameras: [camera], ffmpeg, log, changed: (s) => changes.push(s) }), changes };
}

describe('the simulated gateway’s live services', () => {
  it('answers DJI’s error codes for what it cannot do', async () => {
    const { live } = sim(undefined);
    expect(await live.handle('live_start_push', start({ url_type: 0 }))).toBe(LIVE_RESULT.protocolNotSupported);
    expect(await live.handle('live_start_push', start({ url: 'channel=1&sn=2' }))).toBe(LIVE_RESULT.badParameters);
    expect(await live.handle('live_start_push', start({ video_id: undefined }))).toBe(LIVE_RESULT.badParameters);
    expect(await live.handle('live_start_push', start({ video_id: 'AIRCRAFT01/52-0-0/normal-0' }))).toBe(
      LIVE_RESULT.noSuchCamera,
    );
    expect(await live.handle('live_start_push', start({ video_quality: 7 }))).toBe(LIVE_RESULT.badQuality);
    expect(await live.handle('live_start_push', start())).toBe(LIVE_RESULT.noImage);
    expect(await live.handle('live_stop_push', { video_id: VIDEO })).toBe(LIVE_RESULT.notStreaming);
    expect(await live.handle('live_set_quality', { video_id: VIDEO, video_quality: 1 })).toBe(LIVE_RESULT.notStreaming);
    expect(await live.handle('live_lens_change', { video_id: 'X/1-0-0/normal-0', video_type: 'ir' })).toBe(
      LIVE_RESULT.noSuchCamera,
    );
  });

  it('reports its cameras as DJI’s live_capacity', () => {
    expect(liveCapacity([camera])).toMatchObject({
      device_list: [
        {
          sn: 'AIRCRAFT01',
          camera_list: [{ camera_index: '81-0-0', video_list: [{ video_index: 'normal-0', video_type: 'normal' }] }],
        },
      ],
    });
  });

  it.skipIf(!findFfmpeg())('pushes with ffmpeg from start to stop, and reports it in live_status', async () => {
    let connected = 0;
    const server = createServer((s) => {
      connected++;
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const { live, changes } = sim(findFfmpeg());
    try {
      expect(await live.handle('live_start_push', start({ url: `rtmp://127.0.0.1:${port}/live/x` }))).toBe(0);
      expect(await live.handle('live_start_push', start({ url: `rtmp://127.0.0.1:${port}/live/x` }))).toBe(
        LIVE_RESULT.alreadyStreaming,
      );
      expect(await live.handle('live_lens_change', { video_id: VIDEO, video_type: 'thermal' })).toBe(
        LIVE_RESULT.noSuchCamera,
      );
      expect(await live.handle('live_lens_change', { video_id: VIDEO, video_type: 'zoom' })).toBe(0);
      expect(live.liveStatus()).toEqual([
        { video_id: VIDEO, video_type: 'zoom', video_quality: 0, status: 1, error_status: 0 },
      ]);
      await expect.poll(() => connected, { timeout: 10_000 }).toBe(1);
      expect(await live.handle('live_stop_push', { video_id: VIDEO })).toBe(0);
      expect(changes.at(-1)).toEqual([]);
    } finally {
      await live.stop();
      server.close();
    }
  });
});
