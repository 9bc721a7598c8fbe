import { AppError } from '../errors.ts';

/**
 * The time of an officer's tap (or fix) as his phone recorded it. The outbox on the phone keeps an uplink while
 * the network is down and sends it later; the event belongs at the tap, not at the resend. The phone's clock is
 * trusted within these bounds only: a tap from the future means a clock that is wrong, and a queue older than a
 * day is no record of a live search.
 */
export const TAP_MAX_AHEAD_MS = 60_000;
export const TAP_MAX_AGE_MS = 24 * 3_600_000;

/** Why a tap time is refused, or null when it is within the bounds. */
export function tapTimeProblem(tappedAt: Date, receivedAt: Date): string | null {
  const diff = tappedAt.getTime() - receivedAt.getTime();
  if (Number.isNaN(diff)) return 'is not a time';
  if (diff > TAP_MAX_AHEAD_MS) return `is ${Math.round(diff / 1000)} s ahead of the server (at most 60 s)`;
  if (-diff > TAP_MAX_AGE_MS) return `is ${Math.round(-diff / 3_600_000)} h old (at most 24 h)`;
  return null;
}

/** The tap time of one uplink, or a 400 that says what is wrong with it. */
export function checkTapTime(field: string, raw: string | number, receivedAt: Date): Date {
  const at = new Date(raw);
  const problem = tapTimeProblem(at, receivedAt);
  if (problem) {
    throw new AppError('bad_request', `${field} ${problem}`, {
      field,
      value: raw,
      receivedAt: receivedAt.toISOString(),
      maxAheadS: TAP_MAX_AHEAD_MS / 1000,
      maxAgeS: TAP_MAX_AGE_MS / 1000,
    });
  }
  return at;
}
