/**
 * "At most `max` messages in any `windowMs`" per robot, for every rule of its channel at once (Feishu: 5 per
 * second and 100 per minute). This is the vendors' own wording, and it is stricter than a token bucket of the
 * same size: a bucket of 20 refilled at 20/min lets a 21st message out 3 s after a burst of 20, which a
 * vendor counting a sliding minute refuses. So the "bucket" here keeps the send times (a sliding log) and a
 * message goes only when every window has room. A send is counted from its request until its answer, then at
 * the answer's time (`settle`); `marginMs` covers the rest of the clock difference.
 */
export interface RateRule {
  max: number;
  windowMs: number;
}

export class RobotLimiter {
  private readonly sent = new Map<string, number[]>();
  /** Tickets of sends still waiting for their answer: they count as happening now, in every window. */
  private readonly inflight = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();

  constructor(
    private readonly rulesFor: (robotKey: string) => RateRule[],
    private readonly marginMs = 50,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The times at which `counts[i]` messages (the i-th delivery's messages) could go, in order, if nothing else
   * used this robot: [0] is now when the robot has room now. Nothing is recorded.
   */
  schedule(robotKey: string, counts: number[]): number[] {
    const rules = this.rulesFor(robotKey);
    const now = this.now();
    const log = [...this.view(robotKey, rules, now)];
    const start = Math.max(now, this.pausedUntil.get(robotKey) ?? 0);
    const out: number[] = [];
    let t = start;
    for (const n of counts) {
      t = Math.max(t, this.earliest(log, rules, n, t));
      for (let i = 0; i < n; i++) log.push(t);
      out.push(t);
    }
    return out;
  }

  /**
   * When the robot has room for `n` messages now, count them (as in flight) and return a ticket for `settle`;
   * else null.
   */
  tryTake(robotKey: string, n: number): number | null {
    const now = this.now();
    if ((this.pausedUntil.get(robotKey) ?? 0) > now) return null;
    const rules = this.rulesFor(robotKey);
    const log = this.view(robotKey, rules, now);
    if (this.earliest(log, rules, n, now) > now) return null;
    const flying = this.inflight.get(robotKey) ?? [];
    for (let i = 0; i < n; i++) flying.push(now);
    this.inflight.set(robotKey, flying);
    return now;
  }

  /**
   * The send of this ticket got its answer at `at`: its `n` messages count from then on. The vendor counted
   * them somewhere between our request and its answer, and under load that can be long after the request, so
   * a send in flight counts as "now" in every window and, once answered, at the answer's time.
   */
  settle(robotKey: string, ticket: number, n: number, at = this.now()): void {
    const flying = this.inflight.get(robotKey);
    let moved = 0;
    while (flying && moved < n) {
      const i = flying.indexOf(ticket);
      if (i < 0) break;
      flying.splice(i, 1);
      moved++;
    }
    if (flying && !flying.length) this.inflight.delete(robotKey);
    if (!moved) return;
    const log = this.sent.get(robotKey) ?? [];
    for (let i = 0; i < moved; i++) log.push(at);
    log.sort((a, b) => a - b);
    this.sent.set(robotKey, log);
  }

  /** A ticket given back unused (nothing was sent): its messages stop counting. */
  release(robotKey: string, ticket: number, n: number): void {
    const flying = this.inflight.get(robotKey);
    for (let k = 0; flying && k < n; k++) {
      const i = flying.indexOf(ticket);
      if (i < 0) break;
      flying.splice(i, 1);
    }
    if (flying && !flying.length) this.inflight.delete(robotKey);
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

  /** The answered sends in the windows, then the sends in flight as if at `now` (sorted). */
  private view(robotKey: string, rules: RateRule[], now: number): number[] {
    const log = this.recent(robotKey, rules);
    const flying = this.inflight.get(robotKey);
    return flying?.length ? [...log, ...flying.map(() => now)] : log;
  }

  private recent(robotKey: string, rules: RateRule[]): number[] {
    const windowMs = Math.max(...rules.map((r) => r.windowMs)) + this.marginMs;
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
