import type { AssignmentStatus, Database } from '@lookout/db';
import { date, iso, liveDoorbellSql } from '@lookout/db';
import type { TeamLinkSms, TeamPageView } from '@lookout/contracts';

/** A team link with what the team's page and its checks need: the assignment, the case and the unit. */
export interface TeamLinkRow {
  id: string;
  unitId: string;
  assignmentId: string;
  caseId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  caseStatus: 'open' | 'closed';
  assignmentStatus: AssignmentStatus;
  page: Omit<TeamPageView, 'station' | 'expiresAt'>;
}

type Raw = Record<string, unknown>;
const dateOrNull = (v: unknown) => (v === null || v === undefined ? null : date(v));
const numberOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toLink(r: Raw): TeamLinkRow {
  return {
    id: String(r.id),
    unitId: String(r.unit_id),
    assignmentId: String(r.assignment_id),
    caseId: String(r.case_id),
    expiresAt: date(r.expires_at),
    revokedAt: dateOrNull(r.revoked_at),
    lastSeenAt: dateOrNull(r.last_seen_at),
    caseStatus: String(r.case_status) as 'open' | 'closed',
    assignmentStatus: String(r.assignment_status) as AssignmentStatus,
    page: {
      unit: { callsign: String(r.callsign), agency: r.agency === null ? null : String(r.agency) },
      case: {
        kind: String(r.case_kind) as TeamPageView['case']['kind'],
        subjectCount: numberOrNull(r.subject_count),
        subjectCategory: (r.subject_category ?? null) as TeamPageView['case']['subjectCategory'],
      },
      assignment: {
        status: String(r.assignment_status) as AssignmentStatus,
        target: { lon: Number(r.target_lon), lat: Number(r.target_lat) },
        updatedAt: iso(r.assignment_updated_at),
      },
    },
  };
}

const linkSelect = `select l.id, l.unit_id, l.assignment_id, l.case_id, l.expires_at, l.revoked_at, l.last_seen_at,
    c.status as case_status, c.kind as case_kind, c.subject_count, c.subject_category,
    a.status as assignment_status, ST_X(a.target) as target_lon, ST_Y(a.target) as target_lat,
    a.updated_at as assignment_updated_at, u.callsign, u.agency
  from team_links l join cases c on c.id = l.case_id join assignments a on a.id = l.assignment_id
  join units u on u.id = l.unit_id`;

export interface NewTeamLink {
  unitId: string;
  assignmentId: string;
  caseId: string;
  tokenHash: string;
  expiresAt: Date;
  createdBy: string;
}

export interface TeamLinksRepo {
  /** The link row (the page works from here on); its event follows with the SMS result (`recordCreated`). */
  create(l: NewTeamLink): Promise<TeamLinkRow>;
  /** Event `team_link_created`: who gets it (phone masked), until when, and whether the SMS went. */
  recordCreated(link: TeamLinkRow, actorId: string, phoneMasked: string, sms: TeamLinkSms): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<TeamLinkRow | undefined>;
  get(id: string): Promise<TeamLinkRow | undefined>;
  /** Revoke (first time only: event `team_link_revoked`). */
  revoke(id: string, actorId: string): Promise<TeamLinkRow | undefined>;
  /** Revoke every live link of an assignment (a re-issue), each with its event; returns how many. */
  revokeForAssignment(assignmentId: string, actorId: string): Promise<number>;
  /** The page asked for its view: `last_seen_at`, and the first time event `team_link_opened`. */
  touch(id: string): Promise<void>;
}

export function createTeamLinksRepo(database: Database): TeamLinksRepo {
  const get = async (id: string) => {
    const [row] = await database.query<Raw>(`${linkSelect} where l.id = $1`, [id]);
    return row ? toLink(row) : undefined;
  };
  return {
    async create(l) {
      const [row] = await database.query<{ id: string }>(
        `insert into team_links (unit_id, assignment_id, case_id, token_hash, expires_at, created_by)
         values ($1, $2, $3, $4, $5, $6) returning id`,
        [l.unitId, l.assignmentId, l.caseId, l.tokenHash, l.expiresAt.toISOString(), l.createdBy],
      );
      return (await get(row!.id))!;
    },
    async recordCreated(link, actorId, phoneMasked, sms) {
      await database.query(
        `with e as (
           insert into case_events (case_id, type, actor_id, data)
           values ($1, 'team_link_created', $2, jsonb_build_object('linkId', $3::text, 'unitId', $4::text,
             'assignmentId', $5::text, 'phone', $6::text, 'expiresAt', $7::text, 'smsSent', $8::boolean,
             'smsNote', $9::text, 'smsError', $10::text))
           returning seq)
         select ${liveDoorbellSql('e.seq')} from e`,
        [
          link.caseId,
          actorId,
          link.id,
          link.unitId,
          link.assignmentId,
          phoneMasked,
          link.expiresAt.toISOString(),
          sms.sent,
          sms.note,
          sms.error,
        ],
      );
    },
    async findByTokenHash(tokenHash) {
      const [row] = await database.query<Raw>(`${linkSelect} where l.token_hash = $1`, [tokenHash]);
      return row ? toLink(row) : undefined;
    },
    get,
    async revoke(id, actorId) {
      await database.query(
        `with l as (
           update team_links set revoked_at = now() where id = $1 and revoked_at is null returning id, case_id),
         e as (
           insert into case_events (case_id, type, actor_id, data)
           select l.case_id, 'team_link_revoked', $2, jsonb_build_object('linkId', l.id) from l returning seq)
         select ${liveDoorbellSql('e.seq')} from e`,
        [id, actorId],
      );
      return get(id);
    },
    async revokeForAssignment(assignmentId, actorId) {
      const rows = await database.query(
        `with l as (
           update team_links set revoked_at = now() where assignment_id = $1 and revoked_at is null
           returning id, case_id),
         e as (
           insert into case_events (case_id, type, actor_id, data)
           select l.case_id, 'team_link_revoked', $2, jsonb_build_object('linkId', l.id, 'reissued', true) from l
           returning seq)
         select ${liveDoorbellSql('e.seq')} from e`,
        [assignmentId, actorId],
      );
      return rows.length;
    },
    async touch(id) {
      await database.query(
        `with l as (
           update team_links set last_seen_at = now() where id = $1 returning id, case_id),
         e as (
           insert into case_events (case_id, type, data, idempotency_key)
           select l.case_id, 'team_link_opened', jsonb_build_object('linkId', l.id), 'team_link_opened:' || l.id from l
           on conflict (case_id, idempotency_key) do nothing returning seq)
         select ${liveDoorbellSql('e.seq')} from e`,
        [id],
      );
    },
  };
}
