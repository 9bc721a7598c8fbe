import { describe, expect, it } from 'vitest';
import { caseClocks, newBreaches, stepTimes, type ClockEvent } from './case-clocks.ts';

const t0 = Date.parse('2026-05-01T08:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000).toISOString();
const now = (s: number) => new Date(t0 + s * 1000);
let seq = 0;
const ev = (type: string, s: number, data?: Record<string, unknown>): ClockEvent => ({
  seq: ++seq,
  type,
  at: at(s),
  ...(data ? { data } : {}),
});

describe('lost_person clocks', () => {
  it('times each step and interval against its target', () => {
    const c = caseClocks(
      'lost_person',
      [ev('opened', 0), ev('acknowledged', 90), ev('unit_dispatched', 120), ev('unit_on_scene', 600)],
      now(700),
    );
    expect(c.times).toMatchObject({ reported: at(0), acknowledged: at(90), on_scene: at(600), closed: null });
    expect(c.clocks.map((k) => [k.step, k.elapsedS, k.running, k.breached])).toEqual([
      ['acknowledged', 90, false, false],
      ['on_scene', 600, false, false],
    ]);
    expect(c.current).toBeNull();
    expect(c.urgency).toBe('ok');
  });

  it('sorts out-of-order events by time, then seq', () => {
    const events = [ev('unit_on_scene', 1200), ev('acknowledged', 200), ev('opened', 0), ev('acknowledged', 100)];
    const c = caseClocks('lost_person', events, now(1300));
    expect(c.times.acknowledged).toBe(at(100));
    expect(c.clocks[0]).toMatchObject({ step: 'acknowledged', elapsedS: 100, breached: false });
    expect(c.clocks[1]).toMatchObject({ step: 'on_scene', elapsedS: 1200, breached: true, running: false });
    // Same time: the lower seq wins.
    const a = { seq: 50, type: 'acknowledged', at: at(30), data: { by: 'a' } };
    const b = { seq: 40, type: 'acknowledged', at: at(30), data: { by: 'b' } };
    expect(stepTimes([a, b, ev('opened', 0)]).acknowledged).toBe(at(30));
  });

  it('lets a correction override a step time without touching the original', () => {
    const events = [
      ev('opened', 0),
      ev('acknowledged', 300),
      ev('clock_corrected', 900, { step: 'acknowledged', at: at(60), reason: 'acknowledged by radio' }),
    ];
    const c = caseClocks('lost_person', events, now(1000));
    expect(c.times.acknowledged).toBe(at(60));
    expect(c.clocks[0]).toMatchObject({ elapsedS: 60, breached: false });
    // The last correction wins; a correction can also set the report time.
    const again = [
      ...events,
      ev('clock_corrected', 950, { step: 'reported', at: at(-60), reason: 'call logged late' }),
    ];
    expect(caseClocks('lost_person', again, now(1000)).clocks[0]!.elapsedS).toBe(120);
    // A correction with a null time clears the step: its clock runs again.
    const cleared = [...events, ev('clock_corrected', 960, { step: 'acknowledged', at: null, reason: 'wrong case' })];
    expect(caseClocks('lost_person', cleared, now(1000)).clocks[0]).toMatchObject({ running: true, elapsedS: 1000 });
  });

  it('runs a clock while its step is missing, and breaches past the target once', () => {
    const events = [ev('opened', 0)];
    const early = caseClocks('lost_person', events, now(60));
    expect(early.current).toMatchObject({ step: 'acknowledged', elapsedS: 60, running: true });
    expect(early.urgency).toBe('ok');
    expect(caseClocks('lost_person', events, now(100)).urgency).toBe('due_soon');
    const late = caseClocks('lost_person', events, now(121));
    expect(late.urgency).toBe('breached');
    expect(newBreaches(late).map((b) => b.step)).toEqual(['acknowledged']);
    const recorded = [...events, ev('clock_breached', 121, { step: 'acknowledged', target_s: 120, elapsed_s: 121 })];
    expect(newBreaches(caseClocks('lost_person', recorded, now(200)))).toEqual([]);
    expect(newBreaches(caseClocks('lost_person', recorded, now(901))).map((b) => b.step)).toEqual(['on_scene']);
  });

  it('stops every clock when the case closes and has no clock without a report', () => {
    const c = caseClocks('lost_person', [ev('opened', 0), ev('closed', 60)], now(5000));
    expect(c.clocks.every((k) => !k.running)).toBe(true);
    expect(c.clocks[0]).toMatchObject({ elapsedS: 60, breached: false });
    expect(newBreaches(c)).toEqual([]);
    const none = caseClocks('lost_person', [ev('acknowledged', 10)], now(5000));
    expect(none.clocks[1]).toMatchObject({ elapsedS: null, running: false, breached: false });
  });
});

describe('tadpole clocks', () => {
  it('lost_child: verification, first broadcast, reunion', () => {
    const events = [
      ev('tadpole_reported', 0),
      ev('alert_verified', 100),
      ev('first_broadcast', 250),
      ev('tip_received', 900),
      ev('child_found', 2000),
    ];
    const c = caseClocks('lost_child', events, now(2100));
    expect(c.clocks.map((k) => [k.step, k.elapsedS, k.breached])).toEqual([
      ['acknowledged', 100, false],
      ['first_broadcast', 250, false],
      ['reunion', 2000, false],
    ]);
    expect(c.current).toBeNull();
  });

  it('found_child: reunion is the guardian verified; a late broadcast breaches', () => {
    const c = caseClocks('found_child', [ev('tadpole_reported', 0), ev('alert_verified', 60)], now(400));
    expect(c.current).toMatchObject({ step: 'first_broadcast', elapsedS: 400, breached: true });
    expect(c.urgency).toBe('breached');
    const done = caseClocks(
      'found_child',
      [ev('tadpole_reported', 0), ev('alert_verified', 60), ev('first_broadcast', 200), ev('guardian_verified', 1800)],
      now(4000),
    );
    expect(done.times.reunion).toBe(at(1800));
    expect(done.urgency).toBe('ok');
  });
});
