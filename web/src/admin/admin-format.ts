import type { Role } from '../api-types.ts';

/** What the audit viewer filters on; empty strings mean "any". */
export interface AuditFilters {
  /** `datetime-local` values (local time, `YYYY-MM-DDTHH:MM`). */
  from: string;
  to: string;
  actor: string;
  action: string;
}

export const EMPTY_FILTERS: AuditFilters = { from: '', to: '', actor: '', action: '' };

/** A `datetime-local` value (local time) as an ISO instant with offset, or undefined when empty or invalid. */
export function localToIso(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
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
export function errorKey(err: { status?: number; code?: string; message?: string }): string {
  const code = err.code ?? '';
  if (code === 'forbidden' && /own account/i.test(err.message ?? '')) return 'adminx.err.self';
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
