/**
 * A fresh idempotency key (UUID v4 where the browser has it) for an uplink from a phone: the client makes it
 * once and sends it on every retry, so a resend after a lost answer never doubles a record.
 */
export function idempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
