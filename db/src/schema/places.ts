import { sql } from 'drizzle-orm';
import { check, geometry, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.ts';
import { datums, placeKinds } from '@lookout/contracts';

export { placeKinds, type PlaceKind } from '@lookout/contracts';

/**
 * The station's gazetteer: named peaks, reservoirs, villages, roads and posts, imported from a GeoJSON or CSV file
 * (`source`). A re-import of one source replaces that source's rows. The pinyin keys are computed at import, so
 * the search is one SQL query.
 */
export const places = pgTable(
  'places',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: placeKinds }).notNull(),
    alias: text('alias'),
    notes: text('notes'),
    /** WGS-84; a line or an area is stored as a point on it. */
    geom: geometry('geom', { type: 'point', mode: 'xy', srid: 4326 }).notNull(),
    /** The datum the file gave the coordinates in. */
    datumReceived: text('datum_received', { enum: datums }).notNull(),
    /** Full pinyin of the name and alias, lower case without spaces, each reading of a polyphonic name: ` huadulu huadoulu `. */
    pinyinKeys: text('pinyin_keys').notNull(),
    /** Their initials, the same way: ` hdl `. */
    initialKeys: text('initial_keys').notNull(),
    /** The file name and its attribution, as the importer named it. */
    source: text('source').notNull(),
    /** The station that imported it; null = the home station (STATION_NAME). */
    station: text('station'),
    importedBy: uuid('imported_by').references(() => users.id),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A re-import deletes one station's source.
    index('places_source_idx').on(t.station, t.source),
    // "near=" orders by distance.
    index('places_geom_idx').using('gist', t.geom),
    check('places_name_check', sql`length(${t.name}) between 1 and 200`),
  ],
);
