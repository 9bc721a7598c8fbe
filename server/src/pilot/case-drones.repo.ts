import type { CaseDrone } from '@lookout/contracts';
import { iso, liveDoorbellSql, type Database } from '@lookout/db';

type Raw = Record<string, unknown>;

const droneColumns = `cd.case_id, cd.drone_id, d.callsign, cd.pilot_id, p.display_name as pilot_name, cd.attached_at,
  cd.attached_by`;
const droneJoins = `case_drones cd join drones d on d.id = cd.drone_id left join users p on p.id = cd.pilot_id`;

function toCaseDrone(r: Raw): CaseDrone {
  return {
    droneId: String(r.drone_id),
    callsign: String(r.callsign),
    pilotId: r.pilot_id ? String(r.pilot_id) : null,
    pilotName: r.pilot_name ? String(r.pilot_name) : null,
    attachedAt: iso(r.attached_at),
    attachedBy: r.attached_by ? String(r.attached_by) : null,
  };
}

export interface CaseDronesRepo {
  /**
   * Attach the drone and append `drone_attached` in one statement, with the doorbell; undefined when the drone is
   * attached to this case already (the partial unique index).
   */
  attach(a: { caseId: string; droneId: string; pilotId: string | null; by: string }): Promise<CaseDrone | undefined>;
  /** Detach it and append `drone_detached`; false when it was not attached. */
  detach(caseId: string, droneId: string, by: string): Promise<boolean>;
  /** The drones attached to the case now. */
  list(caseId: string): Promise<CaseDrone[]>;
  /** The drones the pilot flies now, with their cases (open or not: the caller filters). */
  forPilot(pilotId: string): Promise<(CaseDrone & { caseId: string })[]>;
  /** The attachment of this drone to this case now, if any. */
  find(caseId: string, droneId: string): Promise<CaseDrone | undefined>;
  /** Whether the pilot flies a drone for the case now. */
  pilotAttached(caseId: string, pilotId: string): Promise<boolean>;
  /** A drone that could be attached: whether it exists and is disabled. */
  drone(id: string): Promise<{ disabled: boolean } | undefined>;
  /** Whether the user is an enabled pilot (the one a commander names for a drone). */
  isPilot(userId: string): Promise<boolean>;
}

export function createCaseDronesRepo(database: Database): CaseDronesRepo {
  const find = async (caseId: string, droneId: string) => {
    const [row] = await database.query<Raw>(
      `select ${droneColumns} from ${droneJoins} where cd.case_id = $1 and cd.drone_id = $2 and cd.detached_at is null`,
      [caseId, droneId],
    );
    return row ? toCaseDrone(row) : undefined;
  };
  return {
    find,
    async attach(a) {
      const [row] = await database.query<Raw>(
        `with cd as (
           insert into case_drones (case_id, drone_id, pilot_id, attached_by) values ($1, $2, $3, $4)
           on conflict (case_id, drone_id) where detached_at is null do nothing
           returning case_id, drone_id, pilot_id),
         e as (
           insert into case_events (case_id, type, actor_id, data)
           select cd.case_id, 'drone_attached', $4,
                  jsonb_build_object('droneId', cd.drone_id, 'callsign', d.callsign, 'pilotId', cd.pilot_id,
                                     'pilotName', p.display_name)
             from cd join drones d on d.id = cd.drone_id left join users p on p.id = cd.pilot_id
           returning seq)
         select ${liveDoorbellSql('e.seq')} as notified from e`,
        [a.caseId, a.droneId, a.pilotId, a.by],
      );
      return row ? find(a.caseId, a.droneId) : undefined;
    },
    async detach(caseId, droneId, by) {
      const rows = await database.query(
        `with cd as (
           update case_drones set detached_at = now(), detached_by = $3
            where case_id = $1 and drone_id = $2 and detached_at is null
           returning case_id, drone_id, pilot_id),
         e as (
           insert into case_events (case_id, type, actor_id, data)
           select cd.case_id, 'drone_detached', $3,
                  jsonb_build_object('droneId', cd.drone_id, 'callsign', d.callsign, 'pilotId', cd.pilot_id)
             from cd join drones d on d.id = cd.drone_id
           returning seq)
         select ${liveDoorbellSql('e.seq')} as notified from e`,
        [caseId, droneId, by],
      );
      return rows.length > 0;
    },
    async list(caseId) {
      const rows = await database.query<Raw>(
        `select ${droneColumns} from ${droneJoins} where cd.case_id = $1 and cd.detached_at is null
          order by cd.attached_at, cd.drone_id`,
        [caseId],
      );
      return rows.map(toCaseDrone);
    },
    async forPilot(pilotId) {
      const rows = await database.query<Raw>(
        `select ${droneColumns} from ${droneJoins} where cd.pilot_id = $1 and cd.detached_at is null
          order by cd.attached_at desc`,
        [pilotId],
      );
      return rows.map((r) => ({ ...toCaseDrone(r), caseId: String(r.case_id) }));
    },
    async pilotAttached(caseId, pilotId) {
      const [row] = await database.query<{ ok: boolean }>(
        `select exists (select 1 from case_drones
                         where case_id = $1 and pilot_id = $2 and detached_at is null) as ok`,
        [caseId, pilotId],
      );
      return Boolean(row?.ok);
    },
    async drone(id) {
      const [row] = await database.query<{ disabled: boolean }>('select disabled from drones where id = $1', [id]);
      return row ? { disabled: Boolean(row.disabled) } : undefined;
    },
    async isPilot(userId) {
      const [row] = await database.query<{ ok: boolean }>(
        `select exists (select 1 from users where id = $1 and 'pilot' = any(roles) and not disabled) as ok`,
        [userId],
      );
      return Boolean(row?.ok);
    },
  };
}
