import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './login-rate-limit.ts';

describe('LoginRateLimiter', () => {
  it('blocks a key after the maximum failures and tells how long to wait', () => {
    let now = 1_000_000;
    const limiter = new LoginRateLimiter(3, 60_000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterS('1.2.3.4|admin')).toBe(0);
      limiter.fail('1.2.3.4|admin');
      now += 1000;
    }
    expect(limiter.retryAfterS('1.2.3.4|admin')).toBe(57);
    expect(limiter.retryAfterS('1.2.3.4|pilot')).toBe(0);
  });

  it('forgets failures once the window has passed', () => {
    let now = 0;
    const limiter = new LoginRateLimiter(2, 60_000, () => now);
    limiter.fail('k');
    limiter.fail('k');
    expect(limiter.retryAfterS('k')).toBeGreaterThan(0);
    now = 60_001;
    expect(limiter.retryAfterS('k')).toBe(0);
  });

  it('clears a key on success', () => {
    const limiter = new LoginRateLimiter(1, 60_000);
    limiter.fail('k');
    limiter.succeed('k');
    expect(limiter.retryAfterS('k')).toBe(0);
  });
});
