import { z } from 'zod';
import { channels, datums } from '../enums.ts';

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
/** GeoJSON position; a third number (altitude) is allowed and dropped. */
const position = z.union([z.tuple([lon, lat]), z.tuple([lon, lat, z.number()])]);

const ring = z
  .array(position)
  .min(4, 'a linear ring needs at least 4 positions')
  .max(5000)
  .refine((r) => {
    const a = r[0]!;
    const b = r[r.length - 1]!;
    return a[0] === b[0] && a[1] === b[1];
  }, 'a linear ring must be closed (first position = last position)');
const polygonCoordinates = z.array(ring).min(1).max(100);

/** A 网格 as GeoJSON (RFC 7946) with the datum its positions are in (a foreign member), or a circle. */
export const areaInput = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: polygonCoordinates, datum: z.enum(datums) }),
  z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(polygonCoordinates).min(1).max(100),
    datum: z.enum(datums),
  }),
  z.object({
    circle: z.object({ lon, lat, radiusM: z.number().positive().max(50_000), datum: z.enum(datums) }),
  }),
]);
export type AreaInput = z.infer<typeof areaInput>;

const webhookUrl = z.string().trim().url().max(1000);
const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'a phone number');

/** Per channel: what the vendor gives when the robot is added (the vendors' published limits). */
export const credentialsInput = z
  .object({
    webhookUrl: webhookUrl.optional(),
    signSecret: z.string().trim().min(1).max(200).optional(),
    phones: z.array(phone).min(1).max(500).optional(),
  })
  .strict();
export type CredentialsInput = z.infer<typeof credentialsInput>;

export const createGroupBody = z.object({
  name: z.string().trim().min(1).max(120),
  channel: z.enum(channels),
  gridName: z.string().trim().max(120).nullish(),
  memberCount: z.number().int().min(0).max(1_000_000).default(0),
  area: areaInput,
  credentials: credentialsInput.optional(),
  /** The liaison who answers for the group; a liaison creating a group is always its liaison. */
  liaisonId: z.uuid().nullish(),
  /** The officer who answers for the group beside the liaison. */
  officerId: z.uuid().nullish(),
});
export type CreateGroupBody = z.input<typeof createGroupBody>;

export const updateGroupBody = z
  .object({
    name: z.string().trim().min(1).max(120),
    channel: z.enum(channels),
    gridName: z.string().trim().max(120).nullable(),
    memberCount: z.number().int().min(0).max(1_000_000),
    area: areaInput,
    /** Replaces the stored credentials as a whole; `null` removes them; absent keeps them. */
    credentials: credentialsInput.nullable(),
    liaisonId: z.uuid().nullable(),
    officerId: z.uuid().nullable(),
    disabled: z.boolean(),
  })
  .partial();
export type UpdateGroupBody = z.input<typeof updateGroupBody>;

export const groupIdParam = z.object({ id: z.uuid() });
export const listGroupsQuery = z.object({
  includeDisabled: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => v === 'true' || v === '1'),
});

/** The largest CSV a group import takes, and the most rows in it. */
export const GROUPS_IMPORT_MAX_BYTES = 512 * 1024;
export const GROUPS_IMPORT_MAX_ROWS = 500;

/** One CSV row's outcome: the group it made, or why not (row 1 is the header). */
export const groupImportRow = z.object({
  row: z.number().int(),
  ok: z.boolean(),
  groupId: z.string().nullable(),
  name: z.string().nullable(),
  error: z.string().nullable(),
});
export type GroupImportRow = z.infer<typeof groupImportRow>;
export const groupImportResponse = z.object({
  created: z.number().int(),
  failed: z.number().int(),
  rows: z.array(groupImportRow),
});
export type GroupImportResponse = z.infer<typeof groupImportResponse>;

/** The answer of a test message: what the vendor said, as the delivery worker would have seen it. */
export const groupTestResponse = z.object({
  ok: z.boolean(),
  at: z.string(),
  httpStatus: z.number().nullable(),
  /** WeCom/DingTalk `errcode`, Feishu `code`, the SMS gateway's code. */
  vendorCode: z.number().nullable(),
  error: z.string().nullable(),
});
export type GroupTestResponse = z.infer<typeof groupTestResponse>;

/** The people a group can be given to: enabled liaisons and officers. */
export const groupPerson = z.object({ id: z.string(), displayName: z.string(), username: z.string() });
export type GroupPerson = z.infer<typeof groupPerson>;
export const groupPeopleResponse = z.object({ liaisons: z.array(groupPerson), officers: z.array(groupPerson) });
export type GroupPeopleResponse = z.infer<typeof groupPeopleResponse>;
