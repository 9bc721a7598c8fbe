/**
 * "At most `max` messages in any `windowMs`" per robot, for every rule of its channel at once (Feishu: 5 per
 * second and 100 per minute). This is the vendors' own wording, and it is stricter than a token bucket of the
 * same size: a bucket of 20 refilled at 20/min lets a 21st message out 3 s after a burst of 20, which a
 * vendor counting a sliding minute refuses. So the "bucket" here keeps the send times (a sliding log) and a
 * message goes only when every window has room. `marginMs` covers the vendor's clock seeing our sends a
 * little later or earlier than we do.
 */
export interface RateRule {
  max: number;
  windowMs: number;
}

export class RobotLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly longest: number;

  constructor(
    private readonly rulesFor: (robotKey: string) => RateRule[],
    private readonly marginMs = 50,
    private readonly now: () => number = Date.now,
  ) {
    this.longest = 0;
  }

  /**
   * The times at which `counts[i]` messages (the i-th delivery's messages) could go, in order, if nothing else
   * used this robot: [0] is now when the robot has room now. Nothing is recorded.
   */
  schedule(robotKey: string, counts: number[]): number[] {
    const rules = this.rulesFor(robotKey);
    const log = [...this.recent(robotKey, rules)];
    const start = Math.max(this.now(), this.pausedUntil.get(robotKey) ?? 0);
    const out: number[] = [];
    let t = start;
    for (const n of counts) {
      t = Math.max(t, this.earliest(log, rules, n, t));
      for (let i = 0; i < n; i++) log.push(t);
      out.push(t);
    }
    return out;
  }

  /** True (and the messages are counted) when the robot has room for `n` messages now. */
  tryTake(robotKey: string, n: number): boolean {
    const now = this.now();
    if ((this.pausedUntil.get(robotKey) ?? 0) > now) return false;
    const rules = this.rulesFor(robotKey);
    const log = this.recent(robotKey, rules);
    if (this.earliest(log, rules, n, now) > now) return false;
    for (let i = 0; i < n; i++) log.push(now);
    return true;
  }

  /** The vendor said "too fast": nothing goes to this robot until then (DingTalk 130101: 10 minutes). */
  pause(robotKey: string, untilMs: number): void {
    this.pausedUntil.set(robotKey, Math.max(untilMs, this.pausedUntil.get(robotKey) ?? 0));
  }

  pausedUntilMs(robotKey: string): number {
    return this.pausedUntil.get(robotKey) ?? 0;
  }

  /** When `n` more messages fit in every window, given the log (sorted send times). */
  private earliest(log: number[], rules: RateRule[], n: number, from: number): number {
    let t = from;
    for (const r of rules) {
      const need = Math.min(n, r.max);
      // The (max - need + 1)-th newest send must have left the window.
      const idx = log.length - (r.max - need + 1);
      if (idx >= 0) t = Math.max(t, log[idx]! + r.windowMs + this.marginMs);
    }
    return t;
  }

  private recent(robotKey: string, rules: RateRule[]): number[] {
    const windowMs = Math.max(this.longest, ...rules.map((r) => r.windowMs)) + this.marginMs;
    const cutoff = this.now() - windowMs;
    let log = this.sent.get(robotKey);
    if (!log) {
      log = [];
      this.sent.set(robotKey, log);
    }
    let drop = 0;
    while (drop < log.length && log[drop]! < cutoff) drop++;
    if (drop) log.splice(0, drop);
    if (this.sent.size > 20_000) this.prune(cutoff);
    return log;
  }

  private prune(cutoff: number): void {
    for (const [key, log] of this.sent) if (!log.length || log[log.length - 1]! < cutoff) this.sent.delete(key);
  }
}
