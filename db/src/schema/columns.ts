import { customType } from 'drizzle-orm/pg-core';

/** Binary column; PGlite hands back a Uint8Array, `pg` a Buffer: always a Buffer here. */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});
