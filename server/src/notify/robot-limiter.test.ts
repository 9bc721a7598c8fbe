import { describe, expect, it } from 'vitest';
import { backoffMs, rateRulesFor } from './rate-rules.ts';
import { RobotLimiter } from './robot-limiter.ts';

/** A send answered at once: take, then settle at the same moment. */
function send(l: RobotLimiter, key: string, n = 1): boolean {
  const t = l.tryTake(key, n);
  if (t !== null) l.settle(key, t, n);
  return t !== null;
}

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('robot limiter (sliding windows per robot)', () => {
  it('WeCom: 20 at once, the 21st only a full minute after the first (not 3 s later as a bucket would)', () => {
    const c = clock();
    const l = new RobotLimiter(rateRulesFor(10), 0, c.now);
    for (let i = 0; i < 20; i++) expect(send(l, 'wecom:k')).toBe(true);
    expect(send(l, 'wecom:k')).toBe(false);
    c.advance(3_000);
    expect(send(l, 'wecom:k')).toBe(false);
    c.advance(57_000);
    expect(send(l, 'wecom:k')).toBe(true);
    // Another robot has its own room.
    expect(send(l, 'wecom:other')).toBe(true);
  });

  it('Feishu: 5 per second and 100 per minute at once', () => {
    const c = clock();
    const l = new RobotLimiter(rateRulesFor(10), 0, c.now);
    let sent = 0;
    for (let s = 0; s < 60; s++) {
      while (send(l, 'feishu:b')) sent++;
      c.advance(1_000);
    }
    expect(sent).toBe(100);
  });

  it('schedule() spaces a queue by the windows without recording anything', () => {
    const c = clock();
    const l = new RobotLimiter(rateRulesFor(10), 0, c.now);
    const times = l.schedule('wecom:k', Array(25).fill(1) as number[]);
    expect(times.slice(0, 20).every((t) => t === c.now())).toBe(true);
    expect(times[20]).toBe(c.now() + 60_000);
    expect(send(l, 'wecom:k')).toBe(true);
    // Two-message deliveries (WeCom text + image) use two places each.
    const two = new RobotLimiter(rateRulesFor(10), 0, c.now).schedule('wecom:z', Array(11).fill(2) as number[]);
    expect(two[9]).toBe(c.now());
    expect(two[10]).toBe(c.now() + 60_000);
  });

  it('counts a slow send at its answer: the next window opens a minute after the vendor could have seen it', () => {
    const c = clock();
    const l = new RobotLimiter(rateRulesFor(10), 0, c.now);
    const tickets = Array.from({ length: 20 }, () => l.tryTake('dingtalk:s', 1)!);
    c.advance(2_000); // the answers took 2 s (a loaded vendor, a slow network)
    for (const t of tickets) l.settle('dingtalk:s', t, 1);
    c.advance(58_500);
    expect(send(l, 'dingtalk:s')).toBe(false);
    c.advance(1_500);
    expect(send(l, 'dingtalk:s')).toBe(true);
  });

  it('a send still waiting for its answer blocks its place in every window', () => {
    const c = clock();
    const l = new RobotLimiter(rateRulesFor(10), 0, c.now);
    const flying = Array.from({ length: 5 }, () => l.tryTake('feishu:f', 1));
    expect(flying.every((t) => t !== null)).toBe(true);
    c.advance(5_000); // no answers yet: the vendor may see them only now
    expect(l.tryTake('feishu:f', 1)).toBeNull();
    for (const t of flying) l.settle('feishu:f', t!, 1);
    expect(l.tryTake('feishu:f', 1)).toBeNull();
    c.advance(1_000);
    expect(l.tryTake('feishu:f', 1)).not.toBeNull();
  });

  it('a pause (DingTalk 130101) holds the robot until it ends', () => {
    const c = clock();
    const l = new RobotLimiter(rateRulesFor(10), 0, c.now);
    l.pause('dingtalk:t', c.now() + 600_000);
    expect(send(l, 'dingtalk:t')).toBe(false);
    expect(l.schedule('dingtalk:t', [1])[0]).toBe(c.now() + 600_000);
    c.advance(600_000);
    expect(send(l, 'dingtalk:t')).toBe(true);
  });
});

describe('backoff', () => {
  it('doubles per attempt, jitters within the upper half, and stops at the cap', () => {
    expect(backoffMs(1, 2_000, 120_000, () => 0)).toBe(1_000);
    expect(backoffMs(1, 2_000, 120_000, () => 1)).toBe(2_000);
    expect(backoffMs(3, 2_000, 120_000, () => 1)).toBe(8_000);
    expect(backoffMs(20, 2_000, 120_000, () => 1)).toBe(120_000);
    expect(backoffMs(20, 2_000, 120_000, () => 0)).toBe(60_000);
  });
});
