import type { BoardAnswer, BoardCase } from './board-types.ts';

/**
 * Fold a partial answer (`GET /board?cases=…`) into the board the page holds. Its clocks were read at a later
 * server time, so they are moved back to the held answer's `now`; the page ticks every clock forward from there.
 * A requested case missing from the answer is no longer open and leaves the board.
 */
export function mergeBoard(held: BoardAnswer, partial: BoardAnswer, requested: readonly string[]): BoardAnswer {
  const shiftS = (Date.parse(partial.now) - Date.parse(held.now)) / 1000;
  const fresh = new Map<string, BoardCase>();
  for (const c of partial.cases) {
    fresh.set(c.id, {
      ...c,
      ageS: c.ageS - shiftS,
      clock: c.clock && { ...c.clock, elapsedS: c.clock.elapsedS === null ? null : c.clock.elapsedS - shiftS },
    });
  }
  const gone = new Set(requested.filter((id) => !fresh.has(id)));
  const cases: BoardCase[] = [];
  for (const c of held.cases) {
    if (gone.has(c.id)) continue;
    const next = fresh.get(c.id);
    cases.push(next ?? c);
    fresh.delete(c.id);
  }
  cases.push(...fresh.values());
  return { now: held.now, cases };
}
