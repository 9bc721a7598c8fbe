import type { Database } from '@lookout/db';
import { maskPhone } from '../audit/mask-phone.ts';
import { date, liveDoorbellSql } from '@lookout/db';

export interface LinkRow {
  id: string;
  caseId: string;
  phone: string;
  expiresAt: Date;
  revokedAt: Date | null;
  firstOpenedAt: Date | null;
  postCount: number;
  caseStatus: 'open' | 'closed';
}

type Raw = Record<string, unknown>;
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : date(v));

function toLink(r: Raw): LinkRow {
  return {
    id: String(r.id),
    caseId: String(r.case_id),
    phone: String(r.phone),
    expiresAt: date(r.expires_at),
    revokedAt: dateOrNull(r.revoked_at),
    firstOpenedAt: dateOrNull(r.first_opened_at),
    postCount: Number(r.post_count),
    caseStatus: String(r.case_status) as 'open' | 'closed',
  };
}

const linkSelect = `select l.id, l.case_id, l.phone, l.expires_at, l.revoked_at, l.first_opened_at, l.post_count,
  c.status as case_status from location_links l join cases c on c.id = l.case_id`;

export interface LocationLinksRepo {
  /** The link and its `location_link_created` event, with the doorbell. */
  create(l: { caseId: string; phone: string; tokenHash: string; expiresAt: Date; createdBy: string }): Promise<LinkRow>;
  findByTokenHash(tokenHash: string): Promise<LinkRow | undefined>;
  get(id: string): Promise<LinkRow | undefined>;
  /** Revoke (first time only: event `location_link_revoked`); undefined when there is no such link. */
  revoke(id: string, actorId: string): Promise<LinkRow | undefined>;
  /** Count a stored post. */
  recordPost(id: string): Promise<void>;
  /** The first time the page is opened: `first_opened_at` and event `location_link_opened`. */
  recordOpen(id: string): Promise<void>;
}

export function createLocationLinksRepo(database: Database): LocationLinksRepo {
  const get = async (id: string) => {
    const [row] = await database.query<Raw>(`${linkSelect} where l.id = $1`, [id]);
    return row ? toLink(row) : undefined;
  };
  return {
    async create(l) {
      const [row] = await database.query<{ id: string }>(
        `with l as (
           insert into location_links (case_id, phone, token_hash, expires_at, created_by) values ($1, $2, $3, $4, $5)
           returning id, case_id, expires_at),
         e as (
           insert into case_events (case_id, type, actor_id, data)
           select l.case_id, 'location_link_created', $5,
                  jsonb_build_object('linkId', l.id, 'phone', $6::text, 'expiresAt', l.expires_at) from l
           returning seq)
         select l.id, ${liveDoorbellSql('e.seq')} from l, e`,
        [l.caseId, l.phone, l.tokenHash, l.expiresAt.toISOString(), l.createdBy, maskPhone(l.phone)],
      );
      return (await get(row!.id))!;
    },
    async findByTokenHash(tokenHash) {
      const [row] = await database.query<Raw>(`${linkSelect} where l.token_hash = $1`, [tokenHash]);
      return row ? toLink(row) : undefined;
    },
    get,
    async revoke(id, actorId) {
      await database.query(
        `with l as (
           update location_links set revoked_at = now() where id = $1 and revoked_at is null returning id, case_id),
         e as (
           insert into case_events (case_id, type, actor_id, data)
           select l.case_id, 'location_link_revoked', $2, jsonb_build_object('linkId', l.id) from l returning seq)
         select ${liveDoorbellSql('e.seq')} from e`,
        [id, actorId],
      );
      return get(id);
    },
    async recordPost(id) {
      await database.query(
        'update location_links set post_count = post_count + 1, first_opened_at = coalesce(first_opened_at, now()) where id = $1',
        [id],
      );
    },
    async recordOpen(id) {
      await database.query(
        `with l as (
           update location_links set first_opened_at = now() where id = $1 and first_opened_at is null returning id, case_id),
         e as (
           insert into case_events (case_id, type, data, idempotency_key)
           select l.case_id, 'location_link_opened', jsonb_build_object('linkId', l.id), 'link_opened:' || l.id from l
           on conflict (case_id, idempotency_key) do nothing returning seq)
         select ${liveDoorbellSql('e.seq')} from e`,
        [id],
      );
    },
  };
}
