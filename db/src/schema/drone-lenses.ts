import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { drones } from './drones.ts';

/**
 * Which lens a drone's camera was showing from a time on, where the drone or Lookout said so: a DJI dock's
 * `live_status` (its `video_type`), or a live_start_push / live_lens_change Lookout sent that the gateway accepted.
 * `lens` null: no longer known (the stream stopped). The coverage worker takes the row in effect at each fix's time:
 * `thermal` footprints use the model's thermal camera and count apart from the visible ones; `zoom` adds none (its
 * field of view depends on a zoom factor nobody reports, and counting the wide camera's would claim ground unseen).
 */
export const droneLenses = pgTable(
  'drone_lenses',
  {
    droneId: text('drone_id')
      .notNull()
      .references(() => drones.id, { onDelete: 'cascade' }),
    t: timestamp('t', { withTimezone: true }).notNull(),
    lens: text('lens'),
    /** DJI's own name: wide, zoom, ir, thermal, normal. */
    videoType: text('video_type'),
    source: text('source').notNull(),
  },
  (t) => [
    primaryKey({ name: 'drone_lenses_pk', columns: [t.droneId, t.t] }),
    check('drone_lenses_lens_check', sql`${t.lens} is null or ${t.lens} in ('visible','thermal','zoom')`),
    check('drone_lenses_source_check', sql`${t.source} in ('dji_state','live_request')`),
  ],
);
