import type { RateRule } from './robot-limiter.ts';

/**
 * Each channel's documented limit per robot (the vendors' published limits): WeCom 20/min, DingTalk 20/min (10 minutes
 * of throttling after that), Feishu 5/s and 100/min; SMS: the deployment's gateway, in requests per second.
 */
export function rateRulesFor(smsPerSecond: number): (robotKey: string) => RateRule[] {
  const byChannel: Record<string, RateRule[]> = {
    wecom: [{ max: 20, windowMs: 60_000 }],
    dingtalk: [{ max: 20, windowMs: 60_000 }],
    feishu: [
      { max: 5, windowMs: 1_000 },
      { max: 100, windowMs: 60_000 },
    ],
    sms: [{ max: Math.max(1, Math.floor(smsPerSecond)), windowMs: 1_000 }],
  };
  return (robotKey) => byChannel[robotKey.slice(0, robotKey.indexOf(':'))] ?? [{ max: 1, windowMs: 1_000 }];
}

/** Exponential backoff with "equal jitter": half the step fixed, half random, capped. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
