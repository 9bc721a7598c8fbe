import { z } from 'zod';
import { sightingFeature } from '../sightings.ts';

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

/** Where a picture taken from the live video was placed: the laser rangefinder's target, or the aircraft itself. */
export const videoSnapshotPositions = ['laser', 'aircraft'] as const;
export type VideoSnapshotPosition = (typeof videoSnapshotPositions)[number];

/** POST /drones/:id/video/snapshot?caseId=: the case the picture is a sighting for. */
export const videoSnapshotQuery = z.object({ caseId: z.uuid() });

/** POST /drones/:id/video/snapshot: the sighting made from the picture, matched like any other. */
export const videoSnapshotResult = z
  .object({ sighting: sightingFeature, position: z.enum(videoSnapshotPositions) })
  .meta({ id: 'VideoSnapshotResult' });
export type VideoSnapshotResult = z.infer<typeof videoSnapshotResult>;

/** One recorded piece of a drone's stream for a case; `url` streams it (Range requests, for seeking). */
export const videoRecording = z
  .object({
    id: z.number().int(),
    droneId: z.string(),
    callsign: z.string(),
    startedAt: z.string(),
    /** Null while it is being recorded. */
    endedAt: z.string().nullable(),
    bytes: z.number().int(),
    url: z.string(),
    type: z.enum(['video/mp4', 'video/x-flv']),
  })
  .meta({ id: 'VideoRecording' });
export type VideoRecording = z.infer<typeof videoRecording>;

/** GET /cases/:id/recordings, oldest first. */
export const videoRecordingList = z.object({ recordings: z.array(videoRecording) });
export type VideoRecordingList = z.infer<typeof videoRecordingList>;

/** GET /video/recordings/:id. */
export const videoRecordingIdParam = z.object({ id: z.coerce.number().int().positive() });
