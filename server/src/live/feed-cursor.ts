/**
 * The hub's read position in the live feed. Seqs come from one sequence, but writers commit out of order: a
 * row with seq 100 may become visible after 101 was read. Seqs skipped over below the cursor are kept as
 * "holes" for a while and looked up again on every read, so a late commit is still delivered; holes that
 * never fill (rolled back, ON CONFLICT DO NOTHING, rows of other tables) expire.
 */
export class FeedCursor {
  private readonly holes = new Map<number, number>();

  constructor(
    private position: number,
    private readonly holeTtlMs = 10_000,
    private readonly maxHoles = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  get cursor(): number {
    return this.position;
  }

  /** Holes still worth looking up, oldest first. */
  openHoles(): number[] {
    const cutoff = this.now() - this.holeTtlMs;
    for (const [seq, since] of this.holes) {
      if (since > cutoff) break;
      this.holes.delete(seq);
    }
    return [...this.holes.keys()];
  }

  /**
   * Record a read: `above` are the seqs found above the cursor, complete up to `boundary`; `filled` are holes
   * that turned up. Seqs in (cursor, boundary] not found become holes.
   */
  advance(above: Iterable<number>, boundary: number, filled: Iterable<number> = []): void {
    for (const seq of filled) this.holes.delete(seq);
    if (boundary <= this.position) return;
    const found = new Set(above);
    const t = this.now();
    // Far more missing seqs than we could ever look up: only the newest are worth tracking.
    const from = Math.max(this.position + 1, boundary - this.maxHoles);
    for (let seq = from; seq <= boundary; seq++) {
      if (!found.has(seq)) this.holes.set(seq, t);
    }
    while (this.holes.size > this.maxHoles) {
      const oldest = this.holes.keys().next().value as number;
      this.holes.delete(oldest);
    }
    this.position = boundary;
  }
}

/**
 * How far a read of several tables (each `order by seq limit n`) is complete: up to the smallest last seq of
 * the tables that hit their limit, otherwise up to the largest seq seen (or the old cursor).
 */
export function completeUpTo(cursor: number, reads: readonly { seqs: readonly number[]; limited: boolean }[]): number {
  let limit = Infinity;
  let max = cursor;
  for (const r of reads) {
    const last = r.seqs.at(-1);
    if (r.limited && last !== undefined) limit = Math.min(limit, last);
    for (const s of r.seqs) if (s > max) max = s;
  }
  return Number.isFinite(limit) ? limit : max;
}
