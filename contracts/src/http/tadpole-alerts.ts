import { z } from 'zod';
import {
  ageBands,
  alertKinds,
  lawfulBases,
  retractReasons,
  sexes,
  statusFilters,
  verificationMethods,
} from '../enums.ts';
import { pointInput } from './point-input.ts';

const publicText = z.string().trim().max(500);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'digits, spaces, + and - only');
const sex = z.enum(sexes);

const caseFileData = z
  .record(z.string(), z.unknown())
  .refine((v) => JSON.stringify(v).length <= 16_384, 'the case file is limited to 16 KB');

export const createAlertBody = z.object({
  kind: z.enum(alertKinds),
  ageBand: z.enum(ageBands),
  sex: sex.default('unknown'),
  heightCm: z.number().int().min(40).max(200).optional(),
  clothing: publicText.optional(),
  publicNote: publicText.optional(),
  placeText: z.string().trim().max(100).optional(),
  point: pointInput,
  seenAt: z.iso.datetime({ offset: true }),
  contactPhone: phone,
  maxRadiusM: z.number().min(500).max(100_000).default(5000),
  expiresInHours: z
    .number()
    .positive()
    .max(24 * 14)
    .default(72),
  caseFile: z
    .object({
      data: caseFileData.default({}),
      lawfulBasis: z.enum(lawfulBases).default('vital_interest'),
      guardianConsent: z.boolean().nullable().optional(),
    })
    .default({ data: {}, lawfulBasis: 'vital_interest' }),
  idempotencyKey: z.string().trim().min(8).max(100).optional(),
});
export type CreateAlertBody = z.infer<typeof createAlertBody>;

export const patchAlertBody = z
  .object({
    sex,
    heightCm: z.number().int().min(40).max(200).nullable(),
    clothing: publicText.nullable(),
    publicNote: publicText.nullable(),
    placeText: z.string().trim().max(100).nullable(),
    contactPhone: phone,
    maxRadiusM: z.number().min(500).max(100_000),
    expiresAt: z.iso.datetime({ offset: true }),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type PatchAlertBody = z.infer<typeof patchAlertBody>;

export const patchCaseFileBody = z
  .object({
    data: caseFileData,
    lawfulBasis: z.enum(lawfulBases),
    guardianConsent: z.boolean().nullable(),
  })
  .partial();
export type PatchCaseFileBody = z.infer<typeof patchCaseFileBody>;

export const alertIdParam = z.object({ id: z.uuid() });
export const groupParams = z.object({ id: z.uuid(), groupId: z.uuid() });
export const listAlertsQuery = z.object({ status: z.enum(statusFilters).default('open') });
export const addGroupsBody = z.object({ groupIds: z.array(z.uuid()).min(1).max(200) });
export const capQuery = z.object({ message: z.coerce.number().int().positive().optional() });
export const photoIdParam = z.object({ id: z.uuid() });
/** The month of the tadpole clocks report; absent: the current one. */
export const monthQuery = z.object({ month: z.string().optional() });
export const publicTokenParam = z.object({ token: z.string().min(1).max(200) });

/** POST /tadpole/alerts/:id/on-scene: an officer is with the child (found) or at the place last seen (lost). */
export const onSceneBody = z
  .object({
    /** When he arrived, if not now (a tap queued on a weak link). */
    at: z.iso.datetime({ offset: true }).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .default({});
/** PUT /tadpole/alerts/:id/care-location: where the child is now; null clears it. */
export const careLocationBody = z.object({ careLocation: z.string().trim().min(1).max(200).nullable() });

export const foundBody = z.object({
  location: pointInput,
  at: z.iso.datetime({ offset: true }).optional(),
  note: z.string().trim().max(500).optional(),
});
export const guardianVerificationBody = z.object({
  methods: z.array(z.enum(verificationMethods)).min(1).max(3),
  relation: z.string().trim().max(50).optional(),
  note: z.string().trim().max(500).optional(),
});
export const handoverBody = z.object({ note: z.string().trim().max(500).optional() });
/** A liaison asks the police to retract (only an officer may): an optional word for the commander. */
export const retractionRequestBody = z.object({ note: z.string().trim().max(500).optional() });
export const retractBody = z.object({
  reason: z.enum(retractReasons).default('reunited'),
  note: z.string().trim().max(500).optional(),
});
/** The body as a client writes it (defaults left out). */
export type CreateAlertInput = z.input<typeof createAlertBody>;
