import type { CaseKind, Database } from '@lookout/db';
import { clockEventTypes } from '../board/board.repo.ts';
import type { ClockEvent } from '../board/case-clocks.ts';
import { iso, isoOrNull } from '@lookout/db';

/** One case opened in the report's span, with what the report reads from it. */
export interface ReportCaseRow {
  id: string;
  kind: CaseKind;
  status: 'open' | 'closed';
  createdAt: string;
  /** The clock events (case-clocks.ts), corrections included; deliveries add the first broadcast. */
  events: ClockEvent[];
  firstTipAt: string | null;
  firstUsefulTipAt: string | null;
  alerts: number;
  /** Community groups an alert of the case was sent to, and their members (reach). */
  groups: number;
  members: number;
  tips: number;
  usefulTips: number;
}

type Raw = Record<string, unknown>;

export function createReportsRepo(database: Database) {
  return {
    /**
     * Cases created in [from, to) at `station`; a case or user without a station belongs to `home`
     * (STATION_NAME).
     */
    async casesOpened(from: Date, to: Date, station: string, home: string): Promise<ReportCaseRow[]> {
      const rows = await database.query<Raw>(
        `select c.id, c.kind, c.status, c.created_at,
                (select count(*) from alerts a where a.case_id = c.id) as alerts,
                (select count(distinct d.group_id) from deliveries d join alerts a on a.id = d.alert_id
                  where a.case_id = c.id and d.sent_at is not null) as groups,
                (select coalesce(sum(g.member_count), 0) from community_groups g
                  where g.id in (select d.group_id from deliveries d join alerts a on a.id = d.alert_id
                                  where a.case_id = c.id and d.sent_at is not null)) as members,
                (select count(*) from tips t join alerts a on a.id = t.alert_id where a.case_id = c.id) as tips,
                (select count(*) from tips t join alerts a on a.id = t.alert_id where a.case_id = c.id and t.useful)
                  as useful_tips,
                (select min(t.received_at) from tips t join alerts a on a.id = t.alert_id where a.case_id = c.id)
                  as first_tip,
                (select min(t.received_at) from tips t join alerts a on a.id = t.alert_id
                  where a.case_id = c.id and t.useful) as first_useful_tip,
                -- As on the board: the deliveries know the first broadcast before the tadpole jobs write its event.
                (select min(d.sent_at) from deliveries d join cap_messages m on m.id = d.cap_message_id
                   join alerts a on a.id = d.alert_id where a.case_id = c.id and m.msg_type <> 'Cancel') as first_sent
           from cases c
          where c.created_at >= $1 and c.created_at < $2 and coalesce(c.station, $3) = $4
          order by c.created_at, c.id`,
        [from.toISOString(), to.toISOString(), home, station],
      );
      if (!rows.length) return [];
      const events = await database.query<Raw>(
        `select e.seq, e.case_id, e.type, e.at, e.data from case_events e
          where e.case_id = any($1::uuid[]) and e.type = any($2::text[]) order by e.case_id, e.at, e.seq`,
        [rows.map((r) => String(r.id)), [...clockEventTypes]],
      );
      const byCase = new Map<string, ClockEvent[]>();
      for (const e of events) {
        const k = String(e.case_id);
        let list = byCase.get(k);
        if (!list) byCase.set(k, (list = []));
        list.push({
          seq: Number(e.seq),
          type: String(e.type),
          at: iso(e.at),
          data: (typeof e.data === 'string' ? JSON.parse(e.data) : e.data) as Record<string, unknown>,
        });
      }
      return rows.map((r) => ({
        id: String(r.id),
        kind: r.kind as CaseKind,
        status: r.status === 'closed' ? 'closed' : 'open',
        createdAt: iso(r.created_at),
        events: [
          ...(byCase.get(String(r.id)) ?? []),
          ...(r.first_sent ? [{ seq: 0, type: 'first_broadcast', at: iso(r.first_sent) }] : []),
        ],
        firstTipAt: isoOrNull(r.first_tip),
        firstUsefulTipAt: isoOrNull(r.first_useful_tip),
        alerts: Number(r.alerts),
        groups: Number(r.groups),
        members: Number(r.members),
        tips: Number(r.tips),
        usefulTips: Number(r.useful_tips),
      }));
    },

    /** Every station named on a user or a case, and the home station. */
    async stations(home: string): Promise<string[]> {
      const rows = await database.query<{ station: string }>(
        `select coalesce(station, $1) as station from users
          union select coalesce(station, $1) from cases
          union select $1::text
          order by 1`,
        [home],
      );
      return rows.map((r) => String(r.station));
    },
  };
}
export type ReportsRepo = ReturnType<typeof createReportsRepo>;
