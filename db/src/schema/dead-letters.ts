import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Every rejected MQTT message, with its reason; the payload is truncated (see drone-bridge). */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    topic: text('topic').notNull(),
    droneId: text('drone_id'),
    reason: text('reason').notNull(),
    detail: text('detail'),
    payloadBytes: integer('payload_bytes').notNull(),
    payload: text('payload'),
  },
  (t) => [index('dead_letters_received_idx').on(t.receivedAt), index('dead_letters_reason_idx').on(t.reason)],
);
