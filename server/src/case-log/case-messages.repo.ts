import type { CaseMessage } from '@lookout/contracts';
import { iso, ringLiveDoorbell, withTransaction, type Database } from '@lookout/db';

type Raw = Record<string, unknown>;

const columns = `m.id, m.case_id, m.author_id, u.display_name as author_name, u.roles as author_roles, m.body,
  ST_X(m.pin) as pin_lon, ST_Y(m.pin) as pin_lat, (m.photo is not null) as has_photo, m.created_at`;
const joins = 'case_messages m join users u on u.id = m.author_id';

function toMessage(r: Raw): CaseMessage {
  return {
    id: Number(r.id),
    caseId: String(r.case_id),
    authorId: String(r.author_id),
    authorName: String(r.author_name),
    authorRoles: Array.isArray(r.author_roles) ? r.author_roles.map(String) : [],
    body: r.body === null || r.body === undefined ? null : String(r.body),
    pin: r.pin_lon === null || r.pin_lon === undefined ? null : { lon: Number(r.pin_lon), lat: Number(r.pin_lat) },
    hasPhoto: Boolean(r.has_photo),
    createdAt: iso(r.created_at),
  };
}

export interface NewCaseMessage {
  caseId: string;
  authorId: string;
  clientKey: string;
  body: string | null;
  pin: { lon: number; lat: number } | null;
  photoExpected: boolean;
}

export interface CaseMessagesRepo {
  /**
   * The message and its `case_message` step in one transaction, with the doorbell; a repeated client key returns
   * the stored message and writes nothing (`created` false).
   */
  insert(m: NewCaseMessage): Promise<{ message: CaseMessage; created: boolean }>;
  list(caseId: string, limit: number): Promise<CaseMessage[]>;
  get(id: number): Promise<CaseMessage | undefined>;
  /** Store the photo once; false when the message has one already. */
  setPhoto(id: number, photo: Buffer): Promise<boolean>;
  photo(id: number): Promise<Buffer | undefined>;
}

export function createCaseMessagesRepo(database: Database): CaseMessagesRepo {
  const get = async (id: number) => {
    const [row] = await database.query<Raw>(`select ${columns} from ${joins} where m.id = $1`, [id]);
    return row ? toMessage(row) : undefined;
  };
  return {
    get,
    async insert(m) {
      const out = await withTransaction(database, async (q) => {
        const pin = m.pin ? [m.pin.lon, m.pin.lat] : [null, null];
        const [row] = await q<{ id: number }>(
          `insert into case_messages (case_id, author_id, client_key, body, pin)
           values ($1, $2, $3, $4, case when $5::float8 is null then null
                                        else ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4326) end)
           on conflict (case_id, author_id, client_key) do nothing
           returning id`,
          [m.caseId, m.authorId, m.clientKey, m.body, ...pin],
        );
        if (!row) {
          const [old] = await q<{ id: number }>(
            'select id from case_messages where case_id = $1 and author_id = $2 and client_key = $3',
            [m.caseId, m.authorId, m.clientKey],
          );
          return { id: Number(old!.id), created: false };
        }
        const id = Number(row.id);
        const [event] = await q<{ seq: number }>(
          `insert into case_events (case_id, type, actor_id, data)
           select $1, 'case_message', $2, jsonb_build_object('messageId', $3::bigint, 'authorName', u.display_name,
                  'authorRoles', to_jsonb(u.roles), 'chars', $4::int, 'pin', $5::boolean, 'photo', $6::boolean)
             from users u where u.id = $2
           returning seq`,
          // Not the text: the live feed sends case steps to every pilot and liaison; the log is read in case scope.
          [m.caseId, m.authorId, id, m.body?.length ?? 0, m.pin !== null, m.photoExpected],
        );
        await ringLiveDoorbell(q, Number(event!.seq));
        return { id, created: true };
      });
      return { message: (await get(out.id))!, created: out.created };
    },
    async list(caseId, limit) {
      const rows = await database.query<Raw>(
        `select * from (select ${columns} from ${joins} where m.case_id = $1 order by m.id desc limit $2) x
          order by id`,
        [caseId, limit],
      );
      return rows.map(toMessage);
    },
    async setPhoto(id, photo) {
      const rows = await database.query(
        'update case_messages set photo = $2 where id = $1 and photo is null returning id',
        [id, photo],
      );
      return rows.length > 0;
    },
    async photo(id) {
      const [row] = await database.query<{ photo: Buffer | Uint8Array | null }>(
        'select photo from case_messages where id = $1',
        [id],
      );
      if (!row?.photo) return undefined;
      return Buffer.isBuffer(row.photo) ? row.photo : Buffer.from(row.photo);
    },
  };
}
