import { z } from 'zod';
import { caseOutcomes, statusFilters, subjectCategories } from '../enums.ts';
import { pointInput } from './point-input.ts';

export const openCaseBody = z.object({
  kind: z.literal('lost_person'),
  title: z.string().trim().min(1).max(200),
  description: z.string().max(4000).optional(),
  reporterPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number')
    .optional(),
  subjectCount: z.number().int().min(1).max(1000).optional(),
  subjectCategory: z.enum(subjectCategories),
  terrain: z.string().max(40).optional(),
  ipp: pointInput.optional(),
});
export type OpenCaseBody = z.infer<typeof openCaseBody>;

export const listCasesQuery = z.object({ status: z.enum(statusFilters).default('open') });
export const matchIdParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const closeCaseBody = z.object({
  outcome: z.enum(caseOutcomes),
  note: z.string().trim().max(2000).optional(),
});
export type CloseCaseBody = z.infer<typeof closeCaseBody>;

/** A clock correction (issue 6): a step's time said again, with the reason; the original events stay. */
export const clockCorrectionBody = z.object({
  step: z.string().trim().min(1).max(40),
  at: z.iso.datetime({ offset: true }),
  reason: z.string().trim().min(3).max(500),
});
export type ClockCorrectionBody = z.infer<typeof clockCorrectionBody>;
