import type { BoardCase, Urgency } from './board-types.ts';

/** m:ss or h:mm:ss of a number of seconds (negative shown with a minus). */
export function clockText(s: number): string {
  const sign = s < 0 ? '-' : '';
  const a = Math.floor(Math.abs(s));
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const sec = String(a % 60).padStart(2, '0');
  return h ? `${sign}${h}:${String(m).padStart(2, '0')}:${sec}` : `${sign}${m}:${sec}`;
}

/** The clock's elapsed seconds at `nowMs`, ticking in the browser from the server's answer. */
export function elapsedAt(c: BoardCase, nowMs: number, serverNowMs: number): number | null {
  if (!c.clock || c.clock.elapsedS === null) return null;
  return c.clock.elapsedS + Math.max(0, (nowMs - serverNowMs) / 1000);
}

/** The urgency at `nowMs` (a clock passes its target between two fetches). */
export function urgencyAt(c: BoardCase, nowMs: number, serverNowMs: number): Urgency {
  const e = elapsedAt(c, nowMs, serverNowMs);
  if (e === null || !c.clock) return c.urgency;
  if (e > c.clock.targetS) return 'breached';
  if (e >= c.clock.targetS * 0.75) return c.urgency === 'breached' ? 'breached' : 'due_soon';
  return c.urgency;
}

const rank: Record<Urgency, number> = { breached: 0, due_soon: 1, ok: 2 };

/** Most urgent first, then least time left, then oldest. */
export function sortCases(cases: BoardCase[], nowMs: number, serverNowMs: number): BoardCase[] {
  const left = (c: BoardCase) =>
    c.clock ? c.clock.targetS - (elapsedAt(c, nowMs, serverNowMs) ?? 0) : Number.POSITIVE_INFINITY;
  return [...cases].sort(
    (a, b) =>
      rank[urgencyAt(a, nowMs, serverNowMs)] - rank[urgencyAt(b, nowMs, serverNowMs)] ||
      left(a) - left(b) ||
      b.ageS - a.ageS,
  );
}

/** Breaches not yet announced: `${caseId}:${step}` keys, each announced once per page. */
export function newBreachKeys(cases: BoardCase[], nowMs: number, serverNowMs: number, seen: Set<string>): string[] {
  const keys: string[] = [];
  for (const c of cases) {
    if (!c.clock || urgencyAt(c, nowMs, serverNowMs) !== 'breached') continue;
    const key = `${c.id}:${c.clock.step}`;
    if (!seen.has(key)) keys.push(key);
  }
  return keys;
}

/** Where one click on a case goes. */
export function caseHref(c: BoardCase): string {
  return c.kind === 'lost_person' || !c.alertId ? '#/map' : `#/tadpole/a/${c.alertId}`;
}
