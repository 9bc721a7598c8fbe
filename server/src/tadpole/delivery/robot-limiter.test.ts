import { describe, expect, it } from 'vitest';
import { backoffMs, rateRulesFor } from './rate-rules.ts';
import { RobotLimiter } from './robot-limiter.ts';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('robot limiter (sliding windows per robot)', () => {
  it('WeCom: 20 at once, the 21st only a full minute after the first (not 3 s later as a bucket would)', () => {
    const c = clock();
    const l = new RobotLimiter(rateRulesFor(10), 0, c.now);
    for (let i = 0; i < 20; i++) expect(l.tryTake('wecom:k', 1)).toBe(true);
    expect(l.tryTake('wecom:k', 1)).toBe(false);
    c.advance(3_000);
    expect(l.tryTake('wecom:k', 1)).toBe(false);
    c.advance(57_000);
    expect(l.tryTake('wecom:k', 1)).toBe(true);
    // Another robot has its own room.
    expect(l.tryTake('wecom:other', 1)).toBe(true);
  });

  it('Feishu: 5 per second and 100 per minute at once', () => {
    const c = clock();
    const l = new RobotLimiter(rateRulesFor(10), 0, c.now);
    let sent = 0;
    for (let s = 0; s < 60; s++) {
      while (l.tryTake('feishu:b', 1)) sent++;
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
    expect(l.tryTake('wecom:k', 1)).toBe(true);
    // Two-message deliveries (WeCom text + image) use two places each.
    const two = new RobotLimiter(rateRulesFor(10), 0, c.now).schedule('wecom:z', Array(11).fill(2) as number[]);
    expect(two[9]).toBe(c.now());
    expect(two[10]).toBe(c.now() + 60_000);
  });

  it('a pause (DingTalk 130101) holds the robot until it ends', () => {
    const c = clock();
    const l = new RobotLimiter(rateRulesFor(10), 0, c.now);
    l.pause('dingtalk:t', c.now() + 600_000);
    expect(l.tryTake('dingtalk:t', 1)).toBe(false);
    expect(l.schedule('dingtalk:t', [1])[0]).toBe(c.now() + 600_000);
    c.advance(600_000);
    expect(l.tryTake('dingtalk:t', 1)).toBe(true);
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
