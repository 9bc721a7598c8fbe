/**
 * Reading raw rows from `database.query`: PGlite and `pg` hand back timestamps, numerics and json in different
 * shapes (a Date or a string, a number or a string), so every repository maps its columns through these.
 */

/** A timestamp column as an ISO-8601 string. */
export const iso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();

export const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

/** A timestamp column as a Date. */
export const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

/** A numeric or bigint column as a number (null stays null). */
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A json/jsonb column as an object (`{}` when null); the embedded driver may hand back the text. */
export const jsonRecord = (v: unknown): Record<string, unknown> =>
  (typeof v === 'string' ? JSON.parse(v) : (v ?? {})) as Record<string, unknown>;

/** A json/jsonb column as it is (null stays null). */
export const jsonValue = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
