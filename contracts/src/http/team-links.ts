import { z } from 'zod';
import { assignmentStatuses, caseKinds, subjectCategories } from '../enums.ts';
import { positionsBody } from './units.ts';

export const teamLinkIdParam = z.object({ id: z.uuid() });

/** Whether the guidance SMS went out through the configured gateway, and why not. */
export const teamLinkSms = z.object({
  /** The gateway (or, without one, the local SMS sink) accepted the message. */
  sent: z.boolean(),
  /** "SMS sink, not sent" when no gateway is configured. */
  note: z.string().nullable(),
  error: z.string().nullable(),
});
export type TeamLinkSms = z.infer<typeof teamLinkSms>;

/** An outside team's guidance link, as the commander gets it to copy, show as a QR code or send again. */
export const teamLink = z
  .object({
    id: z.string(),
    assignmentId: z.string(),
    url: z.string(),
    expiresAt: z.string(),
    qrSvg: z.string(),
    sms: teamLinkSms,
  })
  .meta({ id: 'TeamLink' });
export type TeamLink = z.infer<typeof teamLink>;

/** POST /team-links/:id/revoke. */
export const revokedTeamLink = z.object({ id: z.string(), revokedAt: z.string() });

/**
 * GET /public/team/:token: what the team's page needs — its own callsign, the target and the case in outline
 * (kind and who is sought), nothing personal (no names, no phone numbers, no description).
 */
export const teamPageView = z.object({
  unit: z.object({ callsign: z.string(), agency: z.string().nullable() }),
  station: z.string(),
  case: z.object({
    kind: z.enum(caseKinds),
    subjectCount: z.number().nullable(),
    subjectCategory: z.enum(subjectCategories).nullable(),
  }),
  assignment: z.object({
    status: z.enum(assignmentStatuses),
    target: z.object({ lon: z.number(), lat: z.number() }),
    updatedAt: z.string(),
  }),
  expiresAt: z.string(),
});
export type TeamPageView = z.infer<typeof teamPageView>;

/**
 * POST /public/team/:token/status takes the officer's `assignmentStatusBody` (出发 / 到达 / 找到 / 撤回 with the
 * tap's idempotency key) and answers the assignment's new status.
 */
export const teamStatusResult = z.object({ status: z.enum(assignmentStatuses), updatedAt: z.string() });

/** POST /public/team/:token/positions: the officer's batches, smaller (the page sends every few seconds). */
export const teamPositionsBody = z.object({ positions: positionsBody.shape.positions.max(50) });
