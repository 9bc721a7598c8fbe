import type { CaseMessage, PostCaseMessageBody } from '@lookout/contracts';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { CaseAccess } from '../cases/case-access.ts';
import { toWgs84 } from '@lookout/contracts';
import { AppError } from '../errors.ts';
import { cleanPhoto } from '../tadpole/photos/photo-image.ts';
import type { CaseMessagesRepo } from './case-messages.repo.ts';

/** The latest this many messages of a case are listed (a long search writes a few hundred). */
const LIST_LIMIT = 500;

/**
 * The case log between command and field: whoever may work on the case (case-access.ts: commanders, its officers,
 * the pilots flying for it) reads and writes it; a message's photo is its author's to add, once.
 */
export function createCaseLogService(deps: { repo: CaseMessagesRepo; access: CaseAccess }) {
  const { repo, access } = deps;

  async function messageOf(caseId: string, messageId: number, by: SessionUser): Promise<CaseMessage> {
    await access.caseInScope(caseId, by);
    const m = await repo.get(messageId);
    if (!m || m.caseId !== caseId) throw new AppError('not_found', `No message ${messageId} in case ${caseId}`);
    return m;
  }

  return {
    async post(
      caseId: string,
      body: PostCaseMessageBody,
      by: SessionUser,
    ): Promise<{ message: CaseMessage; created: boolean }> {
      const c = await access.caseInScope(caseId, by);
      if (c.status !== 'open') throw new AppError('conflict', `Case ${caseId} is closed`);
      const pin = body.pin ? toWgs84([body.pin.lon, body.pin.lat], body.pin.datum) : null;
      return repo.insert({
        caseId,
        authorId: by.id,
        clientKey: body.idempotencyKey,
        body: body.body ?? null,
        pin: pin ? { lon: pin[0], lat: pin[1] } : null,
        photoExpected: body.photo === true,
      });
    },

    async list(caseId: string, by: SessionUser): Promise<{ messages: CaseMessage[] }> {
      await access.caseInScope(caseId, by);
      return { messages: await repo.list(caseId, LIST_LIMIT) };
    },

    async addPhoto(caseId: string, messageId: number, bytes: Buffer, by: SessionUser) {
      const m = await messageOf(caseId, messageId, by);
      if (m.authorId !== by.id) throw new AppError('forbidden', 'Only its author adds a photo to a message');
      if (m.hasPhoto) throw new AppError('conflict', `Message ${messageId} has a photo already`);
      const clean = await cleanPhoto(bytes);
      if (!(await repo.setPhoto(messageId, clean.bytes))) {
        throw new AppError('conflict', `Message ${messageId} has a photo already`);
      }
      return { id: messageId, width: clean.width, height: clean.height };
    },

    async photo(caseId: string, messageId: number, by: SessionUser): Promise<Buffer> {
      await messageOf(caseId, messageId, by);
      const photo = await repo.photo(messageId);
      if (!photo) throw new AppError('not_found', `No photo for message ${messageId}`);
      return photo;
    },
  };
}

export type CaseLogService = ReturnType<typeof createCaseLogService>;
