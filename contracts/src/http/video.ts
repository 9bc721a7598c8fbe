import { z } from 'zod';

/** How a browser plays a drone's stream: HTTP-FLV (mpegts.js), WebRTC WHEP, or HLS. */
export const videoPlayKinds = ['flv', 'whep', 'hls'] as const;
export type VideoPlayKind = (typeof videoPlayKinds)[number];

/**
 * Where a drone's stream stands, as the media server sees it: `idle` never published (or long ago), `live` frames
 * arriving, `stalled` published but no frame for a while, `ended` the publisher left.
 */
export const videoStreamStates = ['idle', 'live', 'stalled', 'ended'] as const;
export type VideoStreamState = (typeof videoStreamStates)[number];

/** Which media server carries the video: the one inside Lookout, or a station's own one. */
export const videoMediaKinds = ['embedded', 'nginx-rtmp', 'srs', 'zlmediakit', 'mediamtx', 'none'] as const;
export type VideoMediaKind = (typeof videoMediaKinds)[number];

/** POST /drones/:id/video/publish-key: a new secret stream key (any earlier one stops working). */
export const videoPublishKey = z
  .object({
    droneId: z.string(),
    /** The whole URL to type into DJI Pilot 2 (custom RTMP) or another app; it carries the secret key. */
    rtmpUrl: z.string(),
    /** The server part and the stream key apart, for apps that ask for them in two fields. */
    server: z.string(),
    streamKey: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'VideoPublishKey' });
export type VideoPublishKey = z.infer<typeof videoPublishKey>;

/** DELETE /drones/:id/video/publish-key. */
export const revokedVideoPublishKey = z.object({ droneId: z.string(), revokedAt: z.string() });

/** POST /drones/:id/video/play body: a phone on a weak link asks for the light variant. */
export const videoPlayBody = z
  .object({ quality: z.enum(['full', 'low']).default('full') })
  .strict()
  .default({ quality: 'full' });

/** POST /drones/:id/video/play: a play URL for this viewer only, expiring. */
export const videoPlay = z
  .object({
    droneId: z.string(),
    url: z.string(),
    kind: z.enum(videoPlayKinds),
    expiresAt: z.string(),
  })
  .meta({ id: 'VideoPlay' });
export type VideoPlay = z.infer<typeof videoPlay>;

/** GET /drones/:id/video: the stream's state, for the panel's honest label. */
export const videoStatus = z
  .object({
    droneId: z.string(),
    state: z.enum(videoStreamStates),
    media: z.enum(videoMediaKinds),
    /** When the current state began. */
    since: z.string().nullable(),
    /** The last video frame the media server received. */
    lastFrameAt: z.string().nullable(),
    viewers: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    codec: z.string().nullable(),
    /** Whether a publish key is set (the key itself is shown once, when made). */
    hasPublishKey: z.boolean(),
    /** Whether the stream is being recorded for a case now. */
    recording: z.boolean(),
  })
  .meta({ id: 'VideoStatus' });
export type VideoStatus = z.infer<typeof videoStatus>;

export const videoStatusList = z.object({ streams: z.array(videoStatus) });
export type VideoStatusList = z.infer<typeof videoStatusList>;
