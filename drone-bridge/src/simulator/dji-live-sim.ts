import type { Logger } from 'pino';
import { startTestPatternPush, type TestPatternPush } from './test-pattern-push.ts';

/**
 * The live-streaming side of a simulated DJI gateway, as DJI Cloud API documents it (Cloud-API-Doc
 * docs/en/60.api-reference/20.dock-to-cloud/00.mqtt/20.dock/10.dock2/30.live.md for the services,
 * 00.properties.md for `live_capacity` and `live_status`, docs/en/71.error-code.md for the 513xxx codes):
 * `live_start_push` (RTMP only, `url_type` 1) pushes a test pattern to the URL with ffmpeg, `live_stop_push` ends
 * it, `live_set_quality` and `live_lens_change` change what `live_status` reports. Each answer is DJI's `result`.
 */

export const DJI_LIVE_METHODS = ['live_start_push', 'live_stop_push', 'live_set_quality', 'live_lens_change'] as const;
export type DjiLiveMethod = (typeof DJI_LIVE_METHODS)[number];
export const isDjiLiveMethod = (m: unknown): m is DjiLiveMethod => DJI_LIVE_METHODS.includes(m as DjiLiveMethod);

/** The livestream codes of DJI's error-code table this simulator answers with. */
export const LIVE_RESULT = {
  ok: 0,
  /** "Livestream failed. Camera does not exist or camera type error" */
  noSuchCamera: 513002,
  /** "Camera livestream in progress. Do not start livestream again" */
  alreadyStreaming: 513003,
  /** "Livestream failed. Livestream definition setting error" */
  badQuality: 513005,
  /** "Livestream failed. Image transmission data on device is abnormal": the simulator has no ffmpeg to make any. */
  noImage: 513008,
  /** "Operation failed. Livestream not enabled" */
  notStreaming: 513011,
  /** "Livestream failed. Video transmission protocol not supported" */
  protocolNotSupported: 513013,
  /** "Livestream failed. Livestream parameter error or incomplete" */
  badParameters: 513014,
} as const;

/** One selectable stream of a camera: DJI's `video_list` item under its device and camera. */
export interface SimCamera {
  /** The video source device (the aircraft, or the dock for its own camera). */
  sn: string;
  /** `{type-subtype-gimbalindex}`, e.g. 81-0-0 the Matrice 3TD camera, 165-0-7 a dock's camera. */
  cameraIndex: string;
  videoIndex: string;
  videoType: string;
  switchable: string[];
}

const videoIdOf = (c: SimCamera) => `${c.sn}/${c.cameraIndex}/${c.videoIndex}`;

/** The gateway's `live_capacity` property for these cameras (one stream each). */
export function liveCapacity(cameras: SimCamera[]): Record<string, unknown> {
  const devices = [...new Set(cameras.map((c) => c.sn))];
  return {
    available_video_number: cameras.length,
    coexist_video_number_max: 2,
    device_list: devices.map((sn) => {
      const mine = cameras.filter((c) => c.sn === sn);
      return {
        sn,
        available_video_number: mine.length,
        coexist_video_number_max: 1,
        camera_list: mine.map((c) => ({
          camera_index: c.cameraIndex,
          available_video_number: 1,
          coexist_video_number_max: 1,
          video_list: [{ video_index: c.videoIndex, video_type: c.videoType, switchable_video_types: c.switchable }],
        })),
      };
    }),
  };
}

interface Stream {
  camera: SimCamera;
  lens: string;
  quality: number;
  push: TestPatternPush;
}

export interface DjiLiveSimOptions {
  cameras: SimCamera[];
  /** The ffmpeg binary, or undefined: then every start is refused with 513008 and the reason logged. */
  ffmpeg: string | undefined;
  log: Logger;
  /** Called when `live_status` changed (a stream started, stopped, or its ffmpeg ended by itself). */
  changed(liveStatus: Record<string, unknown>[]): void;
}

export interface DjiLiveSim {
  /** DJI's `result` for a live service request. */
  handle(method: DjiLiveMethod, data: Record<string, unknown>): Promise<number>;
  /** The gateway's `live_status` property now. */
  liveStatus(): Record<string, unknown>[];
  /** Ends every push (and its ffmpeg). */
  stop(): Promise<void>;
}

const isQuality = (q: unknown): q is number => Number.isInteger(q) && (q as number) >= 0 && (q as number) <= 4;

export function createDjiLiveSim(options: DjiLiveSimOptions): DjiLiveSim {
  const { log } = options;
  const streams = new Map<string, Stream>();
  const cameraOf = (videoId: string) => options.cameras.find((c) => videoIdOf(c) === videoId);

  const liveStatus = () =>
    [...streams.entries()].map(([videoId, s]) => ({
      video_id: videoId,
      video_type: s.lens,
      video_quality: s.quality,
      status: 1,
      error_status: 0,
    }));

  async function start(data: Record<string, unknown>): Promise<number> {
    const { url_type: urlType, url, video_id: videoId, video_quality: quality } = data;
    if (typeof urlType !== 'number' || typeof url !== 'string' || typeof videoId !== 'string')
      return LIVE_RESULT.badParameters;
    if (urlType !== 1) return LIVE_RESULT.protocolNotSupported;
    if (!/^rtmps?:\/\/[^/\s]+\/\S+$/.test(url)) return LIVE_RESULT.badParameters;
    const camera = cameraOf(videoId);
    if (!camera) return LIVE_RESULT.noSuchCamera;
    if (!isQuality(quality)) return LIVE_RESULT.badQuality;
    if (streams.has(videoId)) return LIVE_RESULT.alreadyStreaming;
    if (!options.ffmpeg) {
      log.warn({ videoId }, 'live_start_push refused: ffmpeg is not on PATH, so the simulator has no video to push');
      return LIVE_RESULT.noImage;
    }
    const push = startTestPatternPush(options.ffmpeg, url, log);
    const stream: Stream = { camera, lens: camera.videoType, quality, push };
    streams.set(videoId, stream);
    void push.exited.then(({ code, signal, stderr }) => {
      if (streams.get(videoId) !== stream) return;
      // ffmpeg gave up on its own (the media server refused or went away): the stream has ended.
      streams.delete(videoId);
      log.warn({ videoId, code, signal, stderr: stderr.trim().slice(-500) }, 'test pattern push ended by itself');
      options.changed(liveStatus());
    });
    return LIVE_RESULT.ok;
  }

  /** The stream a stop/quality/lens request names, or the result refusing it. */
  function streamFor(data: Record<string, unknown>): Stream | number {
    const videoId = data.video_id;
    if (typeof videoId !== 'string') return LIVE_RESULT.badParameters;
    if (!cameraOf(videoId)) return LIVE_RESULT.noSuchCamera;
    return streams.get(videoId) ?? LIVE_RESULT.notStreaming;
  }

  return {
    liveStatus,
    async handle(method, data) {
      let result: number;
      switch (method) {
        case 'live_start_push':
          result = await start(data);
          break;
        case 'live_stop_push': {
          const s = streamFor(data);
          if (typeof s === 'number') return s;
          streams.delete(String(data.video_id));
          await s.push.stop();
          result = LIVE_RESULT.ok;
          break;
        }
        case 'live_set_quality': {
          const s = streamFor(data);
          if (typeof s === 'number') return s;
          if (!isQuality(data.video_quality)) return LIVE_RESULT.badQuality;
          s.quality = data.video_quality;
          result = LIVE_RESULT.ok;
          break;
        }
        case 'live_lens_change': {
          const s = streamFor(data);
          if (typeof s === 'number') return s;
          const lens = data.video_type;
          if (typeof lens !== 'string') return LIVE_RESULT.badParameters;
          if (!s.camera.switchable.includes(lens)) return LIVE_RESULT.noSuchCamera;
          s.lens = lens;
          result = LIVE_RESULT.ok;
          break;
        }
      }
      if (result === LIVE_RESULT.ok) options.changed(liveStatus());
      return result;
    },
    async stop() {
      const all = [...streams.values()];
      streams.clear();
      await Promise.all(all.map((s) => s.push.stop()));
    },
  };
}
