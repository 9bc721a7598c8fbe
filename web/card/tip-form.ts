/**
 * The tip form as data: checks and the body for POST /api/v1/public/alerts/:token/tips. Pure, ES2015.
 */
export interface TipLocation {
  lon: number;
  lat: number;
  datum: 'wgs84';
  source: 'device' | 'pin';
  accuracyM?: number;
}

export interface TipInput {
  text: string;
  /** `datetime-local` value, or empty for "now". */
  seenAt: string;
  location: TipLocation | null;
  phone: string;
}

export interface TipBody {
  idempotencyKey: string;
  text: string;
  seenAt?: string;
  location: TipLocation | null;
  phone?: string;
}

export type TipProblem = 'needText' | 'badPhone' | 'badTime';

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

/** Parses `YYYY-MM-DDTHH:MM` as local time without relying on Date.parse of that shape (old WebViews differ). */
export function parseLocal(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!m) return null;
  return new Date(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!).getTime();
}

export function localValue(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => (n < 10 ? '0' + n : String(n));
  return (
    d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes())
  );
}

export function checkTip(input: TipInput, now: number): TipProblem[] {
  const out: TipProblem[] = [];
  if (input.text.replace(/\s/g, '').length === 0) out.push('needText');
  const phone = input.phone.trim();
  if (phone && !PHONE.test(phone)) out.push('badPhone');
  const t = input.seenAt ? parseLocal(input.seenAt) : null;
  if (t !== null && t > now + 5 * 60000) out.push('badTime');
  return out;
}

export function tipBody(input: TipInput, key: string): TipBody {
  const body: TipBody = { idempotencyKey: key, text: input.text.trim().slice(0, 2000), location: input.location };
  const t = input.seenAt ? parseLocal(input.seenAt) : null;
  if (t !== null) body.seenAt = new Date(t).toISOString();
  const phone = input.phone.trim();
  if (phone) body.phone = phone;
  return body;
}
