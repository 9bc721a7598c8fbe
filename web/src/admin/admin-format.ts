import type { Role } from '../api-types.ts';

/** What the audit viewer filters on; empty strings mean "any". */
export interface AuditFilters {
  /** Local times, `YYYY-MM-DD HH:MM` (see `localToIso`). */
  from: string;
  to: string;
  actor: string;
  action: string;
}

export const EMPTY_FILTERS: AuditFilters = { from: '', to: '', actor: '', action: '' };

/** The time format the filter fields take (local time): `YYYY-MM-DD HH:MM`, or a date alone (midnight). */
export const LOCAL_TIME_PATTERN = '\\s*\\d{4}-\\d{1,2}-\\d{1,2}([ T]\\d{1,2}:\\d{2})?\\s*';

/** A local `YYYY-MM-DD[ HH:MM]` as an ISO instant, or undefined when empty or not a real time. */
export function localToIso(value: string): string | undefined {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?\s*$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const t = new Date(y, mo - 1, d, h, mi);
  if (t.getFullYear() !== y || t.getMonth() !== mo - 1 || t.getDate() !== d || h > 23 || mi > 59) return undefined;
  return t.toISOString();
}

/** The query string for GET /audit and /audit.csv (no leading `?`); `before` pages back, `limit` caps the page. */
export function auditQueryString(f: AuditFilters, page: { before?: number | null; limit?: number } = {}): string {
  const q = new URLSearchParams();
  const from = localToIso(f.from);
  const to = localToIso(f.to);
  if (from) q.set('from', from);
  if (to) q.set('to', to);
  if (f.actor.trim()) q.set('actor', f.actor.trim());
  if (f.action.trim()) q.set('action', f.action.trim());
  if (page.before) q.set('before', String(page.before));
  if (page.limit) q.set('limit', String(page.limit));
  return q.toString();
}

/** `YYYY-MM-DD HH:MM:SS` in local time, for tables. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return '–';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The audit detail object as one short line (`key=value, …`), cut at `max` characters. */
export function detailText(detail: Record<string, unknown> | null | undefined, max = 120): string {
  if (!detail) return '';
  const parts = Object.entries(detail).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const s = parts.join(', ');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The i18n key for an API error: by code, with the self-protection refusal and a taken username told apart. */
export function errorKey(err: { status?: number; code?: string; message?: string; serverMessage?: string }): string {
  const code = err.code ?? '';
  if (code === 'forbidden' && /own account/i.test(err.serverMessage ?? err.message ?? '')) return 'adminx.err.self';
  if (code === 'conflict') return 'adminx.err.conflict';
  if (code === 'network' || err.status === 0) return 'adminx.err.network';
  if (['bad_request', 'unauthorized', 'forbidden', 'not_found', 'rate_limited', 'too_large'].includes(code)) {
    return `adminx.err.${code}`;
  }
  return 'adminx.err.other';
}

/** Why an action on a user row is not offered to this admin, or null when it is. */
export function selfLock(rowId: string, meId: string): 'adminx.users.selfLocked' | null {
  return rowId === meId ? 'adminx.users.selfLocked' : null;
}

export const ROLES: readonly Role[] = ['pilot', 'officer', 'liaison', 'commander', 'admin'];
