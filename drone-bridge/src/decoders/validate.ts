import type { z } from 'zod';
import { readingId } from '@lookout/contracts';
import { MAX_AGE_MS, MAX_FUTURE_MS, type DecodeOptions, type Rejection, type RejectReason } from './types.ts';

export function zodDetail(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length ? issue.path.join('.') : '(root)';
  return `${where}: ${issue.message}`.slice(0, 300);
}

export function idOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'string' && readingId.safeParse(id).success) return id;
  }
  return undefined;
}

/** A range rule: [field, min, max]; null/undefined values pass. */
export type Range = readonly [string, number, number];

export function checkRanges(obj: Record<string, unknown>, ranges: readonly Range[]): string | undefined {
  for (const [field, min, max] of ranges) {
    const v = obj[field];
    if (typeof v === 'number' && !(v >= min && v <= max)) return `${field} ${v} outside ${min}..${max}`;
  }
  return undefined;
}

/** future_time / too_old for an epoch-ms reading time. */
export function checkTime(t: number, opts: DecodeOptions): { reason: RejectReason; detail: string } | undefined {
  const ahead = t - opts.now;
  if (ahead > (opts.maxFutureMs ?? MAX_FUTURE_MS))
    return { reason: 'future_time', detail: `t is ${Math.round(ahead / 1000)} s ahead` };
  const age = opts.now - t;
  if (age > (opts.maxAgeMs ?? MAX_AGE_MS))
    return { reason: 'too_old', detail: `t is ${Math.round(age / 3600_000)} h old` };
  return undefined;
}

export function rejection(reason: RejectReason, detail: string, id?: string, payload?: string): Rejection {
  return { reason, detail, id, payload };
}

export function parseJson(payload: Buffer): { ok: true; value: unknown } | { ok: false; detail: string } {
  try {
    return { ok: true, value: JSON.parse(payload.toString('utf8')) };
  } catch (err) {
    return { ok: false, detail: (err as Error).message.slice(0, 200) };
  }
}
