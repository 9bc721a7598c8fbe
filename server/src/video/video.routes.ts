import type { Router } from 'express';
import { z } from 'zod';
import {
  droneIdParam,
  revokedVideoPublishKey,
  videoPlay,
  videoPlayBody,
  videoPublishKey,
  videoStatus,
  videoStatusList,
} from '@lookout/contracts';
import { currentUser } from '../auth/auth.middleware.ts';
import { AppError } from '../errors.ts';
import { ANYONE, allow, MAP, only } from '../http/access.ts';
import { raw } from '../http/contract.ts';
import { createRouter } from '../http/router.ts';
import type { EmbeddedMedia } from './embedded-media.ts';
import { flvViewer } from './flv-viewer.ts';
import { isStreamName } from './stream-names.ts';
import type { VideoGate } from './video-gate.ts';
import type { VideoMetrics } from './video-metrics.ts';
import { VIDEO_PLAY_PATH, type VideoService } from './video.service.ts';

const keyNote = 'admins; pilots: a drone they fly for an open case';
const watchNote = 'commanders and admins: every drone; officers and pilots: a drone flying for a case in their scope';

export function videoRoutes(video: VideoService): Router {
  const r = createRouter();
  const issueKey = allow(only('pilot', 'admin'), {
    summary: 'A new secret RTMP stream key for the drone (the earlier one stops working, its stream ends)',
    note: keyNote,
    params: droneIdParam,
    response: videoPublishKey,
    status: 201,
  });
  r.post('/drones/:id/video/publish-key', issueKey, async (req, res) => {
    const { id } = droneIdParam.parse(req.params);
    res.status(201).json(await video.publishKey(id, currentUser(req), req.hostname));
  });
  const revoke = allow(only('pilot', 'admin'), {
    summary: "Revoke the drone's stream key; a stream using it ends now",
    note: keyNote,
    params: droneIdParam,
    response: revokedVideoPublishKey,
  });
  r.delete('/drones/:id/video/publish-key', revoke, async (req, res) => {
    const { id } = droneIdParam.parse(req.params);
    res.json(await video.revokeKey(id, currentUser(req)));
  });
  const play = allow(MAP, {
    summary: 'A play URL for this viewer only, expiring (`kind`: flv, whep or hls); every play is audited',
    note: watchNote,
    params: droneIdParam,
    body: videoPlayBody,
    response: videoPlay,
  });
  r.post('/drones/:id/video/play', play, async (req, res) => {
    const { id } = droneIdParam.parse(req.params);
    const { quality } = videoPlayBody.parse(req.body ?? {});
    res.json(await video.play(id, currentUser(req), quality));
  });
  const state = allow(MAP, {
    summary: "The drone's stream: live, stalled, ended or idle, with the last frame's time",
    note: watchNote,
    params: droneIdParam,
    response: videoStatus,
  });
  r.get('/drones/:id/video', state, async (req, res) => {
    const { id } = droneIdParam.parse(req.params);
    res.json(await video.status(id, currentUser(req)));
  });
  const onAir = allow(MAP, {
    summary: 'The drones streaming now that the caller may watch',
    note: watchNote,
    response: videoStatusList,
  });
  r.get('/video/streams', onAir, async (req, res) => {
    res.json({ streams: await video.onAir(currentUser(req)) });
  });
  return r;
}

const playParams = z.object({ file: z.string().max(80) });
const playQuery = z.object({ token: z.string().max(1024).optional() });

/** Outside /api/v1: the HTTP-FLV stream itself, opened with the viewer's play token. */
export function videoPlayRoutes(deps: {
  gate: VideoGate;
  media: () => EmbeddedMedia | undefined;
  metrics: VideoMetrics;
  viewerJoined: (stream: string) => () => void;
}): Router {
  const r = createRouter();
  const flv = allow(ANYONE, {
    summary: "A drone's live video as HTTP-FLV",
    note: 'play token from POST /api/v1/drones/:id/video/play',
    params: playParams,
    query: playQuery,
    response: raw('video/x-flv', 'The live stream (FLV tags, until the viewer leaves)'),
  });
  r.get(`${VIDEO_PLAY_PATH}:file`, flv, (req, res) => {
    const { file } = playParams.parse(req.params);
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    const stream = file.endsWith('.flv') ? file.slice(0, -4) : '';
    if (!isStreamName(stream)) {
      deps.metrics.refused.inc({ reason: 'malformed' });
      throw new AppError('not_found', 'No such stream');
    }
    const answer = deps.gate.authorisePlay(stream, token);
    if (!answer.ok) {
      if (answer.reason === 'no_session')
        throw new AppError('unauthorized', 'A play token is needed (POST /api/v1/drones/:id/video/play)');
      throw new AppError('forbidden', `Play refused: ${answer.reason}`);
    }
    const media = deps.media();
    if (!media) throw new AppError('unavailable', 'No media server runs');
    const low = answer.quality === 'low';
    res.status(200);
    res.setHeader('content-type', 'video/x-flv');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    const untap = media.tap(
      stream,
      flvViewer(res, {
        low,
        hasAudio: media.stats(stream)?.hasAudio ?? false,
        counters: { droppedFrames: (n) => deps.metrics.droppedFrames.inc(n) },
      }),
    );
    const left = deps.viewerJoined(stream);
    deps.metrics.viewers.inc();
    res.on('close', () => {
      untap();
      left();
      deps.metrics.viewers.dec();
    });
  });
  return r;
}
