import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCoverageAnnouncer } from './coverage-announcer.ts';

const A = 'case-a';
const B = 'case-b';

function announcer() {
  const sent: { caseId: string; at: number }[] = [];
  const a = createCoverageAnnouncer({
    send: (caseId) => {
      sent.push({ caseId, at: Date.now() });
      return Promise.resolve();
    },
    log: pino({ level: 'silent' }),
    gapMs: 3000,
  });
  return { a, sent };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('coverage announcer', () => {
  it('announces the first change of a case at once', () => {
    const { a, sent } = announcer();
    a.changed([A]);
    expect(sent).toEqual([{ caseId: A, at: 0 }]);
  });

  it('holds the changes within the gap and announces them once when it ends', () => {
    const { a, sent } = announcer();
    for (let i = 0; i < 10; i++) {
      a.changed([A]);
      vi.advanceTimersByTime(250);
    }
    expect(sent.map((s) => s.at)).toEqual([0]);
    vi.advanceTimersByTime(3000);
    expect(sent.map((s) => s.at)).toEqual([0, 3000]);
  });

  it('sends nothing more when no change came within the gap', () => {
    const { a, sent } = announcer();
    a.changed([A]);
    vi.advanceTimersByTime(10_000);
    expect(sent).toHaveLength(1);
  });

  it('keeps a gap per case', () => {
    const { a, sent } = announcer();
    a.changed([A]);
    vi.advanceTimersByTime(1000);
    a.changed([A, B]);
    expect(sent).toEqual([
      { caseId: A, at: 0 },
      { caseId: B, at: 1000 },
    ]);
    vi.advanceTimersByTime(2000);
    expect(sent.at(-1)).toEqual({ caseId: A, at: 3000 });
  });

  it('drops what waits when stopped', () => {
    const { a, sent } = announcer();
    a.changed([A]);
    a.changed([A]);
    a.stop();
    vi.advanceTimersByTime(5000);
    a.changed([B]);
    expect(sent).toHaveLength(1);
  });
});
