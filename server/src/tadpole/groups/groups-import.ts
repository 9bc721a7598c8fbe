import { parse as parseCsv } from 'csv-parse/sync';
import { AppError } from '../../errors.ts';
import { parseWktArea } from './wkt.ts';
import type { GroupsService } from './groups.service.ts';
import {
  createGroupBody,
  GROUPS_IMPORT_MAX_ROWS,
  type CreateGroupBody,
  type GroupImportResponse,
  type GroupImportRow,
  type SessionUser,
} from '@lookout/contracts';

/**
 * The columns of a groups CSV (header names, any case). The area is a circle (`lon`, `lat`, `radius_m`) or a
 * polygon in `area` as WKT or GeoJSON; `datum` (wgs84, gcj02, bd09) applies to either. People are named by username.
 */
export const GROUPS_CSV_COLUMNS = [
  'name',
  'channel',
  'grid',
  'members',
  'liaison',
  'officer',
  'datum',
  'lon',
  'lat',
  'radius_m',
  'area',
  'webhook_url',
  'sign_secret',
  'phones',
] as const;

type Record_ = Partial<Record<(typeof GROUPS_CSV_COLUMNS)[number], string>>;

const blank = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
const num = (v: string | undefined) => (blank(v) === undefined ? undefined : Number(v));

/** A row's area as the API takes it, or why there is none. */
function areaOf(r: Record_): unknown {
  const datum = blank(r.datum) ?? 'wgs84';
  const text = blank(r.area);
  if (text) {
    if (text.startsWith('{')) {
      try {
        return { ...(JSON.parse(text) as object), datum };
      } catch {
        throw new AppError('bad_request', 'area: not GeoJSON');
      }
    }
    const geometry = parseWktArea(text);
    if (typeof geometry === 'string') throw new AppError('bad_request', `area: ${geometry}`);
    return { ...geometry, datum };
  }
  if (blank(r.lon) === undefined && blank(r.lat) === undefined) {
    throw new AppError('bad_request', 'no area: give lon, lat and radius_m, or area (WKT or GeoJSON)');
  }
  return { circle: { lon: num(r.lon), lat: num(r.lat), radiusM: num(r.radius_m), datum } };
}

/** The body the create route would take for this row (people still as usernames). */
async function bodyOf(r: Record_, groups: GroupsService): Promise<CreateGroupBody> {
  const channel = blank(r.channel);
  const phones = blank(r.phones)
    ?.split(/[;；|]/)
    .map((p) => p.trim())
    .filter(Boolean);
  const credentials =
    channel === 'sms'
      ? { phones }
      : blank(r.webhook_url)
        ? { webhookUrl: r.webhook_url, ...(blank(r.sign_secret) ? { signSecret: r.sign_secret } : {}) }
        : undefined;
  const liaison = blank(r.liaison);
  const officer = blank(r.officer);
  const body = createGroupBody.safeParse({
    name: r.name,
    channel,
    gridName: blank(r.grid) ?? null,
    memberCount: num(r.members) ?? 0,
    area: areaOf(r),
    ...(credentials ? { credentials } : {}),
    ...(liaison ? { liaisonId: await groups.personByUsername(liaison, 'liaison') } : {}),
    ...(officer ? { officerId: await groups.personByUsername(officer, 'officer') } : {}),
  });
  if (!body.success) {
    const issues = body.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`);
    throw new AppError('bad_request', issues.slice(0, 3).join('; '));
  }
  return body.data;
}

/**
 * Makes one group per CSV row, each as the create route would (same checks, same access rule), and answers every
 * row's outcome: a bad row is reported and the next one is tried.
 */
export async function importGroupsCsv(
  text: string,
  groups: GroupsService,
  actor: SessionUser,
): Promise<GroupImportResponse> {
  if (text.includes('\u0000'))
    throw new AppError('bad_request', 'Text must not contain the NUL character', { reason: 'nul' });
  let records: { record: Record_; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as typeof records;
  } catch (err) {
    throw new AppError('bad_request', `Not CSV: ${(err as Error).message.slice(0, 200)}`);
  }
  if (!records.length) throw new AppError('bad_request', `No rows; the header names ${GROUPS_CSV_COLUMNS.join(',')}`);
  if (records.length > GROUPS_IMPORT_MAX_ROWS) {
    throw new AppError('payload_too_large', `At most ${GROUPS_IMPORT_MAX_ROWS} groups per import`, {
      maxRows: GROUPS_IMPORT_MAX_ROWS,
    });
  }
  const rows: GroupImportRow[] = [];
  for (const { record, info } of records) {
    const name = blank(record.name)?.slice(0, 120) ?? null;
    try {
      const created = await groups.create(await bodyOf(record, groups), actor);
      rows.push({ row: info.lines, ok: true, groupId: created.id, name, error: null });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      rows.push({ row: info.lines, ok: false, groupId: null, name, error: err.message.slice(0, 300) });
    }
  }
  const created = rows.filter((r) => r.ok).length;
  return { created, failed: rows.length - created, rows };
}
