import { z } from 'zod';
import { idempotencyKey } from './caller-locations.ts';
import { pointInput } from './point-input.ts';

/** A message of the case log, as the API and the timeline send it. */
export const caseMessage = z
  .object({
    id: z.number(),
    caseId: z.string(),
    authorId: z.string(),
    authorName: z.string(),
    /** The author's roles when he wrote (what he speaks as: 指挥长, 民警, 飞手 …). */
    authorRoles: z.array(z.string()),
    body: z.string().nullable(),
    /** A place on the map the message points at (WGS-84). */
    pin: z.object({ lon: z.number(), lat: z.number() }).nullable(),
    hasPhoto: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'CaseMessage' });
export type CaseMessage = z.infer<typeof caseMessage>;

/** POST /cases/:id/messages: text, a pin, or both (a photo follows with PUT …/photo). */
export const postCaseMessageBody = z
  .object({
    body: z.string().trim().min(1).max(1000).optional(),
    pin: pointInput.optional(),
    /** A photo will follow: the message may carry nothing else. */
    photo: z.boolean().optional(),
    idempotencyKey,
  })
  .refine((m) => m.body !== undefined || m.pin !== undefined || m.photo === true, {
    message: 'A message needs text, a pin or a photo',
  });
export type PostCaseMessageBody = z.infer<typeof postCaseMessageBody>;

export const caseMessagesResponse = z.object({ messages: z.array(caseMessage) });
export const caseMessageParams = z.object({
  id: z.uuid(),
  messageId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
export const caseMessagePhotoUploaded = z.object({ id: z.number(), width: z.number(), height: z.number() });
