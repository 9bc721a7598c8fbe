import { z } from 'zod';

/** Every error answer of the HTTP API (server/src/http/errors.ts): a code, a message, and the request id. */
export const apiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** The zod issues of a 400, or what the code needs (`retryAfterS`, `maxBytes`…). */
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});
export type ApiError = z.infer<typeof apiError>;
