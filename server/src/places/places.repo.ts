import type { PlaceKind, PlaceMatch, PlaceOnMap, PlaceView } from '@lookout/contracts';
import { placeMatches } from '@lookout/contracts';
import type { Database, Datum } from '@lookout/db';
import { numOrNull, strOrNull, withTransaction } from '@lookout/db';

/** A place ready to store: WGS-84 and its search keys. */
export interface NewPlace {
  name: string;
  kind: PlaceKind;
  alias: string | null;
  notes: string | null;
  lon: number;
  lat: number;
  datumReceived: Datum;
  pinyinKeys: string;
  initialKeys: string;
}

export interface PlaceSearch {
  /** As typed, trimmed: compared with names and aliases. */
  text: string;
  /** Lower-case letters and digits, compared with the pinyin keys; null when the query has Han characters. */
  key: string | null;
  limit: number;
  near: [number, number] | null;
}

type Raw = Record<string, unknown>;

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `%b%j%s%`: the characters in order with anything between (bjshan, bijias, 笔山). */
const subsequence = (s: string) => `%${Array.from(s).map(likeEscape).join('%')}%`;

export interface PlacesRepo {
  /** The station of the importing user (null = the home station). */
  stationOf(userId: string): Promise<string | null>;
  /** Replace one station's source with these places in one transaction; the number of places it had. */
  replaceSource(station: string | null, source: string, places: NewPlace[], by: string | null): Promise<number>;
  search(s: PlaceSearch): Promise<PlaceView[]>;
  /** Places inside a WGS-84 box, peaks and settlements before the rest; at most `limit`. */
  inBox(box: [number, number, number, number], limit: number): Promise<PlaceOnMap[]>;
}

export function createPlacesRepo(database: Database): PlacesRepo {
  return {
    async stationOf(userId) {
      const [row] = await database.query<Raw>('select station from users where id = $1', [userId]);
      return strOrNull(row?.station);
    },

    async replaceSource(station, source, places, by) {
      return withTransaction(database, async (q) => {
        const removed = await q<Raw>(
          'delete from places where station is not distinct from $1 and source = $2 returning id',
          [station, source],
        );
        if (places.length > 0) {
          const col = <K extends keyof NewPlace>(k: K) => places.map((p) => p[k]);
          await q(
            `insert into places (name, kind, alias, notes, geom, datum_received, pinyin_keys, initial_keys, source,
                                 station, imported_by)
             select u.name, u.kind, u.alias, u.notes, ST_SetSRID(ST_MakePoint(u.lon, u.lat), 4326), u.datum,
                    u.pinyin_keys, u.initial_keys, $10, $11, $12
               from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::text[],
                           $8::text[], $9::text[])
                    as u(name, kind, alias, notes, lon, lat, datum, pinyin_keys, initial_keys)`,
            [
              col('name'),
              col('kind'),
              col('alias'),
              col('notes'),
              col('lon'),
              col('lat'),
              col('datumReceived'),
              col('pinyinKeys'),
              col('initialKeys'),
              source,
              station,
              by,
            ],
          );
        }
        return removed.length;
      });
    },

    // One pass over the table per query, no trigram index: a station's gazetteer is a few thousand rows (well under
    // a millisecond), and pg_trgm would be one more extension to load into the embedded PGlite and to install on a
    // station's server.
    async search(s) {
      // $1 the text, $2 the pinyin key (or null), $3/$4 the subsequence patterns, $5/$6 near, $7 limit.
      const rows = await database.query<Raw>(
        `select * from (
           select p.id, p.name, p.kind, p.alias, p.notes, ST_X(p.geom) as lon, ST_Y(p.geom) as lat, p.source, p.station,
                  case
                    when p.name = $1 or p.alias = $1
                      or strpos(p.pinyin_keys, ' ' || $2 || ' ') > 0 or strpos(p.initial_keys, ' ' || $2 || ' ') > 0 then 0
                    when starts_with(p.name, $1) or starts_with(coalesce(p.alias, ''), $1)
                      or strpos(p.pinyin_keys, ' ' || $2) > 0 or strpos(p.initial_keys, ' ' || $2) > 0 then 1
                    when strpos(p.name, $1) > 0 or strpos(coalesce(p.alias, ''), $1) > 0
                      or strpos(p.pinyin_keys, $2) > 0 or strpos(p.initial_keys, $2) > 0 then 2
                    when p.name like $4 or p.pinyin_keys like $3 then 3
                  end as rank,
                  ST_Distance(p.geom::geography, ST_SetSRID(ST_MakePoint($5::float8, $6::float8), 4326)::geography)
                    as distance_m
             from places p) m
          where m.rank is not null
          order by m.rank, m.distance_m nulls last, length(m.name), m.name, m.id
          limit $7`,
        [
          s.text,
          s.key,
          s.key && s.key.length >= 2 ? subsequence(s.key) : null,
          Array.from(s.text).length >= 2 ? subsequence(s.text) : null,
          s.near?.[0] ?? null,
          s.near?.[1] ?? null,
          s.limit,
        ],
      );
      return rows.map((r): PlaceView => ({
        id: String(r.id),
        name: String(r.name),
        kind: String(r.kind) as PlaceKind,
        alias: strOrNull(r.alias),
        notes: strOrNull(r.notes),
        lon: Number(r.lon),
        lat: Number(r.lat),
        source: String(r.source),
        station: strOrNull(r.station),
        match: placeMatches[Number(r.rank)] as PlaceMatch,
        distanceM: numOrNull(r.distance_m),
      }));
    },

    async inBox([west, south, east, north], limit) {
      const rows = await database.query<Raw>(
        `select id, name, kind, ST_X(geom) as lon, ST_Y(geom) as lat
           from places
          where geom && ST_MakeEnvelope($1::float8, $2::float8, $3::float8, $4::float8, 4326)
          order by case kind when 'peak' then 0 when 'village' then 1 when 'post' then 2 else 3 end, name, id
          limit $5`,
        [west, south, east, north, limit],
      );
      return rows.map((r) => ({
        id: String(r.id),
        name: String(r.name),
        kind: String(r.kind) as PlaceKind,
        lon: Number(r.lon),
        lat: Number(r.lat),
      }));
    },
  };
}
