/**
 * At most `max` hits per key in a sliding window, in memory (each server counts its own: enough to stop one
 * link or one address flooding one server; a real flood is stopped in front of the servers).
 */
export class RateWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Record a hit; false when the key is over its limit (the hit is then not counted). */
  take(key: string): boolean {
    const cutoff = this.now() - this.windowMs;
    const times = (this.hits.get(key) ?? []).filter((t) => t > cutoff);
    if (times.length >= this.max) {
      this.hits.set(key, times);
      return false;
    }
    times.push(this.now());
    this.hits.set(key, times);
    if (this.hits.size > 50_000) this.prune(cutoff);
    return true;
  }

  /** Seconds until the key may hit again. */
  retryAfterS(key: string): number {
    const first = this.hits.get(key)?.[0];
    return first === undefined ? 0 : Math.max(1, Math.ceil((first + this.windowMs - this.now()) / 1000));
  }

  private prune(cutoff: number): void {
    for (const [key, times] of this.hits) if (!times.some((t) => t > cutoff)) this.hits.delete(key);
  }
}
