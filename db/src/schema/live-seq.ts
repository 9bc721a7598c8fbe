import { pgSequence } from 'drizzle-orm/pg-core';

/**
 * One sequence shared by every row the live feed carries (fixes, sightings, case events), so a client
 * resumes with a single `after=<seq>` cursor.
 */
export const liveSeq = pgSequence('live_seq');
