import { direct, type Database, type Query, isoOrNull } from '@lookout/db';
import { clockSteps, type StepTimes } from './clock-steps.ts';

type Raw = Record<string, unknown>;

/**
 * Each step's time, derived (never typed by hand): events for the human steps, deliveries for the broadcasts
 * and the retraction, tips for the tips. A found child's "found" is the guardian's verification.
 */
const stepColumns = `
  (select min(e.at) from case_events e where e.case_id = a.case_id and e.type = 'tadpole_reported') as reported,
  a.verified_at as verified,
  (select min(e.at) from case_events e where e.case_id = a.case_id
    and e.type in ('officer_on_scene', 'unit_on_scene')) as on_scene,
  (select min(d.sent_at) from deliveries d join cap_messages m on m.id = d.cap_message_id
    where d.alert_id = a.id and m.msg_type <> 'Cancel') as first_broadcast,
  (select min(t.received_at) from tips t where t.alert_id = a.id) as first_tip,
  (select min(t.received_at) from tips t where t.alert_id = a.id and t.useful) as first_useful_tip,
  (select min(e.at) from case_events e where e.case_id = a.case_id
    and e.type = case when a.kind = 'found_child' then 'guardian_verified' else 'child_found' end) as found,
  (select min(e.at) from case_events e where e.case_id = a.case_id and e.type = 'handed_over') as handover,
  case when exists (select 1 from deliveries d join cap_messages m on m.id = d.cap_message_id
                     where d.alert_id = a.id and m.msg_type = 'Cancel')
       then (select min(d.sent_at) from deliveries d join cap_messages m on m.id = d.cap_message_id
              where d.alert_id = a.id and m.msg_type = 'Cancel')
       else (select min(e.at) from case_events e where e.case_id = a.case_id and e.type = 'alert_retracted') end
    as retraction_sent,
  (select min(e.at) from case_events e where e.case_id = a.case_id and e.type = 'public_purged') as purged`;

function toTimes(r: Raw): StepTimes {
  return Object.fromEntries(clockSteps.map((s) => [s, isoOrNull(r[s])])) as StepTimes;
}

export interface GroupClock {
  groupId: string;
  name: string;
  gridName: string | null;
  memberCount: number;
  /** First Alert/Update sent to it. */
  deliveredAt: string | null;
  acknowledgedAt: string | null;
}

export function createClocksRepo(database: Database) {
  const q = direct(database);
  return {
    async times(alertId: string, query: Query = q): Promise<StepTimes | undefined> {
      const [row] = await query<Raw>(`select ${stepColumns} from alerts a where a.id = $1`, [alertId]);
      return row ? toTimes(row) : undefined;
    },

    async groups(alertId: string): Promise<GroupClock[]> {
      const rows = await q<Raw>(
        `select g.id, g.name, g.grid_name, g.member_count,
                min(d.sent_at) filter (where m.msg_type <> 'Cancel') as delivered_at,
                min(d.acknowledged_at) as acknowledged_at
           from deliveries d join cap_messages m on m.id = d.cap_message_id join community_groups g on g.id = d.group_id
          where d.alert_id = $1 group by g.id, g.name, g.grid_name, g.member_count order by min(d.created_at), g.name`,
        [alertId],
      );
      return rows.map((r) => ({
        groupId: String(r.id),
        name: String(r.name),
        gridName: r.grid_name === null ? null : String(r.grid_name),
        memberCount: Number(r.member_count),
        deliveredAt: isoOrNull(r.delivered_at),
        acknowledgedAt: isoOrNull(r.acknowledged_at),
      }));
    },

    /** Alerts reported in [from, to): their step times, and per alert its reach and tip counts. */
    async month(from: Date, to: Date) {
      const rows = await q<Raw>(
        `select a.id, ${stepColumns},
                (select count(distinct d.group_id) from deliveries d where d.alert_id = a.id and d.sent_at is not null) as groups,
                (select coalesce(sum(g.member_count), 0) from community_groups g
                  where g.id in (select d.group_id from deliveries d where d.alert_id = a.id and d.sent_at is not null)) as reach,
                (select count(*) from tips t where t.alert_id = a.id) as tips,
                (select count(*) from tips t where t.alert_id = a.id and t.useful) as useful_tips
           from alerts a where a.created_at >= $1 and a.created_at < $2 order by a.created_at`,
        [from.toISOString(), to.toISOString()],
      );
      return rows.map((r) => ({
        alertId: String(r.id),
        times: toTimes(r),
        groups: Number(r.groups),
        reach: Number(r.reach),
        tips: Number(r.tips),
        usefulTips: Number(r.useful_tips),
      }));
    },

    /** Per group delivery of the alerts reported in [from, to): broadcast → delivered, delivered → acknowledged (s). */
    async groupSpans(from: Date, to: Date): Promise<{ deliveredS: number[]; acknowledgedS: number[] }> {
      const rows = await q<Raw>(
        `with first as (
           select a.id, (select min(d.sent_at) from deliveries d join cap_messages m on m.id = d.cap_message_id
                          where d.alert_id = a.id and m.msg_type <> 'Cancel') as broadcast
             from alerts a where a.created_at >= $1 and a.created_at < $2)
         select extract(epoch from (min(d.sent_at) - f.broadcast)) as delivered_s,
                extract(epoch from (min(d.acknowledged_at) - min(d.sent_at))) as ack_s
           from first f join deliveries d on d.alert_id = f.id join cap_messages m on m.id = d.cap_message_id
          where m.msg_type <> 'Cancel' and d.sent_at is not null
          group by f.id, f.broadcast, d.group_id`,
        [from.toISOString(), to.toISOString()],
      );
      return {
        deliveredS: rows.filter((r) => r.delivered_s !== null).map((r) => Number(r.delivered_s)),
        acknowledgedS: rows.filter((r) => r.ack_s !== null).map((r) => Number(r.ack_s)),
      };
    },
  };
}

export type ClocksRepo = ReturnType<typeof createClocksRepo>;
