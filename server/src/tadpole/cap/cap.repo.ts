import type { CapMessage } from '@lookout/contracts';
import { direct, type CapMsgType, type Database, type Query, iso } from '@lookout/db';

type Raw = Record<string, unknown>;

/** A stored CAP message with its text and area, as the routes answer it. */
export type CapMessageRow = CapMessage;

export interface NewCapMessage {
  alertId: string;
  msgType: CapMsgType;
  identifier: string;
  sent: Date;
  references: string | null;
  headline: string;
  description: string;
  centre: { lon: number; lat: number };
  radiusM: number;
  expires: Date;
  createdBy: string | null;
}

const columns = `m.id, m.alert_id, m.msg_type, m.identifier, m.sent, m."references", m.headline, m.description,
  m.radius_m, m.expires, ST_AsGeoJSON(m.area, 7) as area`;

function toMessage(r: Raw): CapMessageRow {
  return {
    id: Number(r.id),
    alertId: String(r.alert_id),
    msgType: String(r.msg_type) as CapMsgType,
    identifier: String(r.identifier),
    sent: iso(r.sent),
    references: r.references === null || r.references === undefined ? null : String(r.references),
    headline: String(r.headline),
    description: String(r.description),
    radiusM: Number(r.radius_m),
    expires: iso(r.expires),
    area: JSON.parse(String(r.area)) as CapMessageRow['area'],
  };
}

export function createCapRepo(database: Database) {
  const q = direct(database);
  return {
    /** The notified area is a circle of `radiusM` metres around the centre, buffered on the geography (64 sides). */
    async insert(query: Query, m: NewCapMessage): Promise<CapMessageRow> {
      const [row] = await query<Raw>(
        `with m as (
           insert into cap_messages (alert_id, msg_type, identifier, sent, "references", headline, description, area,
             radius_m, expires, created_by)
           values ($1, $2, $3, $4, $5, $6, $7,
             ST_Buffer(ST_SetSRID(ST_MakePoint($8::float8, $9::float8), 4326)::geography, $10::float8, 'quad_segs=16')::geometry,
             $10, $11, $12)
           returning *)
         select ${columns} from m`,
        [
          m.alertId,
          m.msgType,
          m.identifier,
          m.sent.toISOString(),
          m.references,
          m.headline,
          m.description,
          m.centre.lon,
          m.centre.lat,
          m.radiusM,
          m.expires.toISOString(),
          m.createdBy,
        ],
      );
      return toMessage(row!);
    },

    async list(alertId: string, query: Query = q): Promise<CapMessageRow[]> {
      const rows = await query<Raw>(
        `select ${columns} from cap_messages m where m.alert_id = $1 order by m.sent, m.id`,
        [alertId],
      );
      return rows.map(toMessage);
    },

    async get(id: number): Promise<CapMessageRow | undefined> {
      const [row] = await q<Raw>(`select ${columns} from cap_messages m where m.id = $1`, [id]);
      return row ? toMessage(row) : undefined;
    },
  };
}

export type CapRepo = ReturnType<typeof createCapRepo>;
