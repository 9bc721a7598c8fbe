import type { Router } from 'express';
import { caseIdParam, videoRecordingIdParam, videoRecordingList } from '@lookout/contracts';
import { currentUser } from '../../auth/auth.middleware.ts';
import { AppError } from '../../errors.ts';
import { allow, MAP } from '../../http/access.ts';
import { raw } from '../../http/contract.ts';
import { createRouter } from '../../http/router.ts';
import { RECORDING_PATH, type RecordingsService } from './recordings.service.ts';

const scope = 'commanders and admins: every case; officers and pilots: the cases in their scope';

export function recordingsRoutes(recordings: RecordingsService): Router {
  const r = createRouter();
  const list = allow(MAP, {
    summary: "The case's recorded drone video, oldest first (a segment being recorded has no `endedAt`)",
    note: scope,
    params: caseIdParam,
    response: videoRecordingList,
  });
  r.get('/cases/:id/recordings', list, async (req, res) => {
    const { id } = caseIdParam.parse(req.params);
    res.json({ recordings: await recordings.forCase(id, currentUser(req)) });
  });
  const file = allow(MAP, {
    summary: 'A recorded segment (MP4, or FLV when ffmpeg is missing), with Range requests for seeking',
    note: `${scope}; every read is logged with its reader`,
    params: videoRecordingIdParam,
    response: raw('video/mp4', 'The recording'),
  });
  r.get(`${RECORDING_PATH}:id`, file, async (req, res, next) => {
    const { id } = videoRecordingIdParam.parse(req.params);
    const f = await recordings.file(id, currentUser(req), req.id === undefined ? undefined : String(req.id));
    res.sendFile(f.path, { headers: { 'content-type': f.type, 'cache-control': 'private, no-store' } }, (err) => {
      if (!err) return;
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !res.headersSent)
        next(new AppError('not_found', `No file for recording ${id}`));
      else if (!res.headersSent) next(err);
    });
  });
  return r;
}
