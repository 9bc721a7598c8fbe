import type { VideoRecording } from '@lookout/contracts';
import type { Logger } from 'pino';
import type { SessionUser } from '../../auth/auth.repo.ts';
import type { CaseAccess } from '../../cases/case-access.ts';
import { AppError } from '../../errors.ts';
import type { RecordingRow, RecordingsRepo } from './recordings.repo.ts';

export const RECORDING_PATH = '/video/recordings/';

const typeOf = (file: string): VideoRecording['type'] => (file.endsWith('.mp4') ? 'video/mp4' : 'video/x-flv');

function toRecording(r: RecordingRow): VideoRecording {
  return {
    id: r.id,
    droneId: r.droneId,
    callsign: r.callsign,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    bytes: r.bytes,
    url: `/api/v1${RECORDING_PATH}${r.id}`,
    type: typeOf(r.file),
  };
}

/** A case's recordings, for those who may work on the case; each file read is logged with its reader. */
export function createRecordingsService(deps: {
  repo: Pick<RecordingsRepo, 'forCase' | 'get'>;
  access: Pick<CaseAccess, 'caseInScope'>;
  pathOf: (file: string) => string | undefined;
  log: Logger;
}) {
  return {
    async forCase(caseId: string, by: SessionUser): Promise<VideoRecording[]> {
      await deps.access.caseInScope(caseId, by);
      return (await deps.repo.forCase(caseId)).map(toRecording);
    },
    /** The file to send and its type. Reads are not in the audit trail (writes are): the log keeps who watched. */
    async file(id: number, by: SessionUser, requestId: string | undefined): Promise<{ path: string; type: string }> {
      const row = await deps.repo.get(id);
      if (!row) throw new AppError('not_found', `No recording ${id}`);
      await deps.access.caseInScope(row.caseId, by);
      const p = deps.pathOf(row.file);
      if (!p) throw new AppError('not_found', `No recording ${id}`);
      deps.log.info(
        { recordingId: id, caseId: row.caseId, droneId: row.droneId, userId: by.id, requestId },
        'recording read',
      );
      return { path: p, type: typeOf(row.file) };
    },
  };
}

export type RecordingsService = ReturnType<typeof createRecordingsService>;
