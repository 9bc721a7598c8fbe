import {
  direct,
  type AlertKind,
  type AlertStatus,
  type Database,
  type Query,
  iso,
  isoOrNull,
  jsonRecord,
  numOrNull,
  strOrNull,
} from '@lookout/db';
import type { AgeBand } from '@lookout/contracts';

type Raw = Record<string, unknown>;

export interface AlertRow {
  id: string;
  caseId: string;
  kind: AlertKind;
  status: AlertStatus;
  ageBand: AgeBand;
  sex: 'male' | 'female' | 'unknown';
  heightCm: number | null;
  clothing: string | null;
  publicNote: string | null;
  placeText: string | null;
  /** Where the child is now; staff only. */
  careLocation: string | null;
  point: { lon: number; lat: number };
  seenAt: string;
  contactPhone: string;
  maxRadiusM: number;
  verifiedAt: string | null;
  verifiedBy: string | null;
  expiresAt: string;
  retractedAt: string | null;
  purgeAfter: string | null;
  purgedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  hasPhoto: boolean;
  /** The card photo (staff route `GET /tadpole/photos/:id`), so staff check it before publishing. */
  photoId: string | null;
  /** Radius of the last Alert/Update sent; null before the verification. */
  sentRadiusM: number | null;
}

export const alertColumns = `a.id, a.case_id, a.kind, a.status, a.age_band, a.sex, a.height_cm, a.clothing, a.public_note,
  a.place_text, a.care_location, ST_X(a.point) as lon, ST_Y(a.point) as lat, a.seen_at, a.contact_phone, a.max_radius_m,
  a.verified_at, a.verified_by, a.expires_at, a.blurred_at, a.purge_after, a.purged_at, a.created_by, a.created_at,
  (select p.id from photos p where p.alert_id = a.id and p.purged_at is null
     and not exists (select 1 from tips t where t.photo_id = p.id)
     order by p.created_at desc, p.id desc limit 1) as photo_id,
  (select m.radius_m from cap_messages m where m.alert_id = a.id and m.msg_type <> 'Cancel'
    order by m.sent desc, m.id desc limit 1) as sent_radius_m`;

export function toAlert(r: Raw): AlertRow {
  return {
    id: String(r.id),
    caseId: String(r.case_id),
    kind: String(r.kind) as AlertKind,
    status: String(r.status) as AlertStatus,
    ageBand: String(r.age_band) as AgeBand,
    sex: String(r.sex) as AlertRow['sex'],
    heightCm: numOrNull(r.height_cm),
    clothing: strOrNull(r.clothing),
    publicNote: strOrNull(r.public_note),
    placeText: strOrNull(r.place_text),
    careLocation: strOrNull(r.care_location),
    point: { lon: Number(r.lon), lat: Number(r.lat) },
    seenAt: iso(r.seen_at),
    contactPhone: String(r.contact_phone),
    maxRadiusM: Number(r.max_radius_m),
    verifiedAt: isoOrNull(r.verified_at),
    verifiedBy: strOrNull(r.verified_by),
    expiresAt: iso(r.expires_at),
    retractedAt: isoOrNull(r.blurred_at),
    purgeAfter: isoOrNull(r.purge_after),
    purgedAt: isoOrNull(r.purged_at),
    createdBy: strOrNull(r.created_by),
    createdAt: iso(r.created_at),
    hasPhoto: r.photo_id !== null && r.photo_id !== undefined,
    photoId: strOrNull(r.photo_id),
    sentRadiusM: numOrNull(r.sent_radius_m),
  };
}

export interface NewAlert {
  id: string;
  kind: AlertKind;
  title: string;
  ageBand: AgeBand;
  sex: 'male' | 'female' | 'unknown';
  heightCm: number | null;
  clothing: string | null;
  publicNote: string | null;
  placeText: string | null;
  point: { lon: number; lat: number };
  seenAt: Date;
  contactPhone: string;
  publicTokenHash: string;
  maxRadiusM: number;
  expiresAt: Date;
  createdBy: string;
  caseFile: { data: Record<string, unknown>; lawfulBasis: string; guardianConsent: boolean | null };
  idempotencyKey: string | null;
}

export type AlertPatch = Partial<{
  sex: 'male' | 'female' | 'unknown';
  heightCm: number | null;
  clothing: string | null;
  publicNote: string | null;
  placeText: string | null;
  contactPhone: string;
  maxRadiusM: number;
  expiresAt: Date;
}>;

const patchColumns: Record<keyof AlertPatch, string> = {
  sex: 'sex',
  heightCm: 'height_cm',
  clothing: 'clothing',
  publicNote: 'public_note',
  placeText: 'place_text',
  contactPhone: 'contact_phone',
  maxRadiusM: 'max_radius_m',
  expiresAt: 'expires_at',
};

export interface CaseFileRow {
  alertId: string;
  data: Record<string, unknown>;
  lawfulBasis: string;
  guardianConsent: boolean | null;
  purgeAfter: string | null;
  purgedAt: string | null;
}

export function createAlertsRepo(database: Database) {
  const q = direct(database);
  const one = async (where: string, params: unknown[], query: Query = q) => {
    const [row] = await query<Raw>(`select ${alertColumns} from alerts a where ${where}`, params);
    return row ? toAlert(row) : undefined;
  };
  return {
    get: (id: string, query: Query = q) => one('a.id = $1', [id], query),
    byTokenHash: (hash: string) => one('a.public_token_hash = $1', [hash]),

    /** An alert this user already created with this key (a phone retrying the create). */
    async byIdempotencyKey(userId: string, key: string): Promise<AlertRow | undefined> {
      return one(
        `a.created_by = $1 and exists (select 1 from case_events e where e.case_id = a.case_id
           and e.type = 'tadpole_reported' and e.data->>'idempotencyKey' = $2)`,
        [userId, key],
      );
    },

    async list(filter: 'open' | 'closed' | 'all'): Promise<AlertRow[]> {
      const where = { open: 'a.blurred_at is null', closed: 'a.blurred_at is not null', all: 'true' }[filter];
      const rows = await q<Raw>(
        `select ${alertColumns} from alerts a where ${where} order by a.created_at desc limit 500`,
      );
      return rows.map(toAlert);
    },

    /** The case (its kind), its `opened` event, the alert and its case file: one transaction's statements. */
    async insert(query: Query, a: NewAlert): Promise<{ caseId: string }> {
      const [c] = await query<{ id: string }>(
        `with c as (
           insert into cases (kind, title, subject_category, terrain, ipp, created_by, station)
           values ($1, $2, $3, 'urban', ST_SetSRID(ST_MakePoint($4::float8, $5::float8), 4326), $6,
                   (select u.station from users u where u.id = $6))
           returning id, created_at)
         insert into case_events (case_id, type, actor_id, at, data)
         select c.id, 'opened', $6, c.created_at, jsonb_build_object('title', $2::text) from c
         returning case_id as id`,
        [a.kind, a.title, a.ageBand, a.point.lon, a.point.lat, a.createdBy],
      );
      const caseId = String(c!.id);
      await query(
        `insert into alerts (id, case_id, kind, status, age_band, sex, height_cm, clothing, public_note, place_text, point,
           seen_at, contact_phone, public_token_hash, max_radius_m, expires_at, created_by)
         values ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9, ST_SetSRID(ST_MakePoint($10::float8, $11::float8), 4326),
           $12, $13, $14, $15, $16, $17)`,
        [
          a.id,
          caseId,
          a.kind,
          a.ageBand,
          a.sex,
          a.heightCm,
          a.clothing,
          a.publicNote,
          a.placeText,
          a.point.lon,
          a.point.lat,
          a.seenAt.toISOString(),
          a.contactPhone,
          a.publicTokenHash,
          a.maxRadiusM,
          a.expiresAt.toISOString(),
          a.createdBy,
        ],
      );
      await query(
        `insert into alert_case_files (alert_id, data, lawful_basis, guardian_consent) values ($1, $2::jsonb, $3, $4)`,
        [a.id, JSON.stringify(a.caseFile.data), a.caseFile.lawfulBasis, a.caseFile.guardianConsent],
      );
      return { caseId };
    },

    async patch(query: Query, id: string, patch: AlertPatch): Promise<void> {
      const sets: string[] = [];
      const params: unknown[] = [id];
      for (const [key, column] of Object.entries(patchColumns) as [keyof AlertPatch, string][]) {
        if (!(key in patch)) continue;
        const v = patch[key];
        params.push(v instanceof Date ? v.toISOString() : (v ?? null));
        sets.push(`${column} = $${params.length}`);
      }
      if (sets.length) await query(`update alerts set ${sets.join(', ')} where id = $1`, params);
    },

    /** Where the child is now: an internal note of the staff, never on the card, so no CAP update follows. */
    async setCareLocation(query: Query, id: string, careLocation: string | null): Promise<void> {
      await query('update alerts set care_location = $2 where id = $1', [id, careLocation]);
    },

    /** draft → active; false when it was not a draft (a second verify, a retracted alert). */
    async activate(query: Query, id: string, by: string, at: Date): Promise<boolean> {
      const rows = await query(
        `update alerts set status = 'active', verified_at = $3, verified_by = $2
          where id = $1 and status = 'draft' and blurred_at is null returning id`,
        [id, by, at.toISOString()],
      );
      return rows.length > 0;
    },

    async setStatus(query: Query, id: string, from: AlertStatus[], to: AlertStatus): Promise<boolean> {
      const rows = await query(
        `update alerts set status = $3 where id = $1 and status = any($2::text[]) and blurred_at is null returning id`,
        [id, from, to],
      );
      return rows.length > 0;
    },

    /** Metres from the alert's point. */
    async distanceFromPoint(id: string, p: { lon: number; lat: number }): Promise<number> {
      const [row] = await q<{ d: number }>(
        `select ST_Distance(point::geography, ST_SetSRID(ST_MakePoint($2::float8, $3::float8), 4326)::geography) as d
           from alerts where id = $1`,
        [id, p.lon, p.lat],
      );
      return Number(row?.d ?? 0);
    },

    async caseFile(alertId: string): Promise<CaseFileRow | undefined> {
      const [r] = await q<Raw>(
        'select alert_id, data, lawful_basis, guardian_consent, purge_after, purged_at from alert_case_files where alert_id = $1',
        [alertId],
      );
      if (!r) return undefined;
      return {
        alertId: String(r.alert_id),
        data: jsonRecord(r.data),
        lawfulBasis: String(r.lawful_basis),
        guardianConsent: r.guardian_consent === null ? null : Boolean(r.guardian_consent),
        purgeAfter: isoOrNull(r.purge_after),
        purgedAt: isoOrNull(r.purged_at),
      };
    },

    async patchCaseFile(
      query: Query,
      alertId: string,
      p: { data?: Record<string, unknown>; lawfulBasis?: string; guardianConsent?: boolean | null },
    ): Promise<void> {
      await query(
        `update alert_case_files set data = data || coalesce($2::jsonb, '{}'::jsonb),
           lawful_basis = coalesce($3, lawful_basis),
           guardian_consent = case when $4::boolean is null and not $5 then guardian_consent else $4::boolean end
         where alert_id = $1 and purged_at is null`,
        [
          alertId,
          p.data ? JSON.stringify(p.data) : null,
          p.lawfulBasis ?? null,
          p.guardianConsent ?? null,
          'guardianConsent' in p,
        ],
      );
    },

    /** Free text of staff (found, guardian, handover notes) lives in the case file, never in the event log. */
    async appendCaseFileNote(
      query: Query,
      alertId: string,
      note: { at: string; by: string; step: string; text: string },
    ) {
      await query(
        `update alert_case_files
            set data = data || jsonb_build_object('notes', coalesce(data->'notes', '[]'::jsonb) || jsonb_build_array($2::jsonb))
          where alert_id = $1 and purged_at is null`,
        [alertId, JSON.stringify(note)],
      );
    },

    /** Event rows of the alert's case of these types, oldest first. */
    async events(
      caseId: string,
      types: string[],
    ): Promise<{ type: string; at: string; actorId: string | null; data: Record<string, unknown> }[]> {
      const rows = await q<Raw>(
        `select type, at, actor_id, data from case_events where case_id = $1 and type = any($2::text[]) order by at, seq`,
        [caseId, types],
      );
      return rows.map((r) => ({
        type: String(r.type),
        at: iso(r.at),
        actorId: strOrNull(r.actor_id),
        data: jsonRecord(r.data),
      }));
    },

    /**
     * A 'failed' marker row on the latest message for a group taken out by hand before it got anything: the
     * widening (target 'area' = groups with no delivery of this alert yet) must not add it back.
     */
    async markDropped(alertId: string, groupId: string, latestMessageId: number): Promise<void> {
      await q(
        `insert into deliveries (cap_message_id, alert_id, group_id, priority, status, last_error, added_by)
         select $3, $1, $2, 2, 'failed', 'dropped by staff', 'manual'
          where exists (select 1 from community_groups where id = $2)
         on conflict (cap_message_id, group_id) do nothing`,
        [alertId, groupId, latestMessageId],
      );
    },

    /** Active, unretracted alerts: the widening tick's work list. */
    async active(): Promise<AlertRow[]> {
      const rows = await q<Raw>(
        `select ${alertColumns} from alerts a where a.status = 'active' and a.blurred_at is null order by a.created_at`,
      );
      return rows.map(toAlert);
    },
  };
}

export type AlertsRepo = ReturnType<typeof createAlertsRepo>;
