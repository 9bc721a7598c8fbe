import type { Database } from '@lookout/db';
import { assignmentColumns, toAssignmentView } from '../assignments/assignments.repo.ts';
import { callerLocationColumns, toCallerLocationFeature } from '../caller-locations/caller-locations.repo.ts';
import { matchColumns, matchJoins, toMatchView } from '../matching/matching.repo.ts';
import { toUnitPosition, unitPositionColumns } from '../units/units.repo.ts';
import type { CaseFeedEvent, CaseFeedItem, UnitPosition } from './live.types.ts';
import { iso } from '@lookout/db';

type Raw = Record<string, unknown>;

/** Every live table of the case work with its seq column: case events, caller locations, matches, unit positions. */
const feedTables = [
  ['case_events', 'seq'],
  ['caller_locations', 'live_seq'],
  ['matches', 'live_seq'],
  ['unit_positions', 'id'],
] as const;

/** Events that change an assignment: their message also carries the assignment as it now stands. */
const assignmentEvents = new Set([
  'unit_dispatched',
  'unit_en_route',
  'unit_on_scene',
  'person_found',
  'unit_stood_down',
  'assignment_retargeted',
]);

export interface CaseFeedRepo {
  /** Seqs of the case tables above `after`, oldest first (each table has an index on its seq). */
  seqsAfter(after: number, limit: number): Promise<number[]>;
  seqsIn(seqs: number[]): Promise<number[]>;
  /** What these seqs are, as live messages; unit positions apart (they are coalesced like drone positions). */
  itemsIn(seqs: number[]): Promise<{ items: CaseFeedItem[]; unitPositions: UnitPosition[] }>;
}

export function createCaseFeedRepo(database: Database): CaseFeedRepo {
  return {
    async seqsAfter(after, limit) {
      const parts = feedTables.map(([t, c]) => `(select ${c} as seq from ${t} where ${c} > $1 order by ${c} limit $2)`);
      const rows = await database.query<{ seq: number }>(`${parts.join(' union all ')} order by seq limit $2`, [
        after,
        limit,
      ]);
      return rows.map((r) => Number(r.seq));
    },
    async seqsIn(seqs) {
      if (!seqs.length) return [];
      const parts = feedTables.map(([t, c]) => `select ${c} as seq from ${t} where ${c} = any($1::bigint[])`);
      const rows = await database.query<{ seq: number }>(parts.join(' union all '), [seqs]);
      return rows.map((r) => Number(r.seq));
    },
    async itemsIn(seqs) {
      if (!seqs.length) return { items: [], unitPositions: [] };
      const [events, callers, matches, positions] = await Promise.all([
        database.query<Raw>(
          `select e.seq as ev_seq, e.case_id as ev_case_id, e.type as ev_type, e.at as ev_at, e.actor_id as ev_actor_id,
                  e.data as ev_data, ${assignmentColumns}
             from case_events e
             left join assignments a on e.type = any($2::text[])
                                    and a.id::text = e.data->>'assignmentId'
             left join units u on u.id = a.unit_id
            where e.seq = any($1::bigint[])`,
          [seqs, [...assignmentEvents]],
        ),
        database.query<Raw>(
          `select ${callerLocationColumns} from caller_locations cl where cl.live_seq = any($1::bigint[])`,
          [seqs],
        ),
        database.query<Raw>(`select ${matchColumns} from ${matchJoins} where m.live_seq = any($1::bigint[])`, [seqs]),
        database.query<Raw>(`select ${unitPositionColumns} from unit_positions p where p.id = any($1::bigint[])`, [
          seqs,
        ]),
      ]);
      const items: CaseFeedItem[] = [];
      for (const r of events) {
        // ev_ names: the joined assignment has its own case_id, id, status.
        const caseId = String(r.ev_case_id);
        const type = String(r.ev_type);
        const data = (typeof r.ev_data === 'string' ? JSON.parse(r.ev_data) : (r.ev_data ?? {})) as Record<
          string,
          unknown
        >;
        const list: CaseFeedEvent[] = [
          {
            kind: 'case_event',
            caseId,
            seq: Number(r.ev_seq),
            type,
            at: iso(r.ev_at),
            actorId: r.ev_actor_id === null || r.ev_actor_id === undefined ? null : String(r.ev_actor_id),
            data,
          },
        ];
        // The assignment as it stands now (a later step may already have moved it: harmless, it is newer).
        if (assignmentEvents.has(type) && r.id !== null && r.id !== undefined) {
          list.push({ kind: 'assignment', caseId, assignment: toAssignmentView(r) });
        }
        items.push({ seq: Number(r.ev_seq), staffOnly: false, events: list });
      }
      for (const r of callers) {
        const feature = toCallerLocationFeature(r);
        items.push({
          seq: feature.properties.seq,
          staffOnly: true,
          events: [{ kind: 'caller_location', caseId: feature.properties.caseId, feature }],
        });
      }
      for (const r of matches) {
        const match = toMatchView(r);
        items.push({ seq: match.seq, staffOnly: true, events: [{ kind: 'match', caseId: match.caseId, match }] });
      }
      items.sort((a, b) => a.seq - b.seq);
      return { items, unitPositions: positions.map(toUnitPosition).sort((a, b) => a.seq - b.seq) };
    },
  };
}
