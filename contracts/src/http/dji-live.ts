import { z } from 'zod';

/**
 * Live video from a DJI aircraft through its gateway (a dock, or DJI Pilot 2's remote controller), as DJI Cloud API
 * documents it: Lookout asks on `thing/product/{gateway_sn}/services` (`live_start_push`, `live_stop_push`,
 * `live_set_quality`, `live_lens_change`) and the gateway answers `{result}` on `services_reply`.
 * Source: dji-sdk/Cloud-API-Doc docs/en/60.api-reference/20.dock-to-cloud/00.mqtt/20.dock/10.dock2/30.live.md and
 * docs/en/60.api-reference/10.pilot-to-cloud/00.mqtt/20.rc-pro/20.live.md; codes from docs/en/71.error-code.md.
 */

/** The lens a stream shows: DJI's `video_type` (a remote controller calls the infrared one `thermal`). */
export const djiLiveLenses = ['normal', 'wide', 'zoom', 'ir'] as const;
export type DjiLiveLens = (typeof djiLiveLenses)[number];

/** DJI's `video_quality`: 0 adaptive, 1 smooth (960×540), 2 SD (1280×720), 3 HD (1280×720), 4 UHD (1920×1080). */
export const djiLiveQuality = z.number().int().min(0).max(4);

/** POST /drones/:id/video/dji/start */
export const djiLiveStartBody = z
  .object({ lens: z.enum(djiLiveLenses).optional(), quality: djiLiveQuality.optional() })
  .strict()
  .default({});
export type DjiLiveStartBody = z.infer<typeof djiLiveStartBody>;

/** PUT /drones/:id/video/dji/quality */
export const djiLiveQualityBody = z.object({ quality: djiLiveQuality }).strict();
export type DjiLiveQualityBody = z.infer<typeof djiLiveQualityBody>;

/** PUT /drones/:id/video/dji/lens */
export const djiLiveLensBody = z.object({ lens: z.enum(djiLiveLenses) }).strict();
export type DjiLiveLensBody = z.infer<typeof djiLiveLensBody>;

/**
 * The gateway's answer: `result` 0, with the stream DJI names `{aircraft_sn}/{camera_index}/{video_index}`.
 * A non-zero `result` is an error answer instead (409, `details: {method, result, videoId}`), as is no answer in
 * time (502, `details: {method, reason: 'timeout'}`).
 */
export const djiLiveAnswer = z
  .object({
    droneId: z.string(),
    method: z.enum(['live_start_push', 'live_stop_push', 'live_set_quality', 'live_lens_change']),
    videoId: z.string(),
    result: z.number().int(),
    message: z.string(),
  })
  .meta({ id: 'DjiLiveAnswer' });
export type DjiLiveAnswer = z.infer<typeof djiLiveAnswer>;

/** The livestream error codes of DJI's error-code table (513xxx: device side, livestream module). */
export const djiLiveErrorCodes = {
  513002: 'Camera does not exist or camera type error',
  513003: 'The camera is already streaming; do not start again',
  513005: 'Livestream quality (definition) setting error',
  513006: 'Failed to start the livestream; refresh and try again',
  513008: 'Image transmission data on the device is abnormal',
  513010: 'The device cannot connect to the network',
  513011: 'Livestream not enabled',
  513012: 'The device is streaming; switching lens not supported',
  513013: 'Video transmission protocol not supported',
  513014: 'Livestream parameters wrong or incomplete',
  513015: 'Network lags; refresh and retry',
  513016: 'Video decoding failed',
  513017: 'Livestream paused until the aircraft file download completes',
  513099: 'Livestream failed; try again later',
} as const satisfies Record<number, string>;
export type DjiLiveErrorCode = keyof typeof djiLiveErrorCodes;

/** An English line for a DJI `result`: 0 success, a known livestream code, or the bare number. */
export function djiLiveMessage(result: number): string {
  if (result === 0) return 'OK';
  const known = (djiLiveErrorCodes as Record<number, string>)[result];
  return known ?? `DJI error ${result}`;
}
