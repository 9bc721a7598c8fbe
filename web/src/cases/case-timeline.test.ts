import { describe, expect, it } from 'vitest';
import {
  correctableStep,
  correctionErrorKey,
  formatDuration,
  formatEventTime,
  fromLocalInput,
  mergeEvents,
  offlineDelayS,
  stepRows,
  timelineEvents,
  toLocalInput,
} from './case-timeline.ts';
import type { CaseEvent } from './case-types.ts';

const T0 = Date.parse('2026-11-21T08:00:00Z');
let seq = 0;
function ev(type: string, atS: number, data: Record<string, unknown> = {}, s = ++seq): CaseEvent {
  return { seq: s, type, at: new Date(T0 + atS * 1000).toISOString(), actorId: null, data };
}
const iso = (atS: number) => new Date(T0 + atS * 1000).toISOString();
const row = (rows: ReturnType<typeof stepRows>, step: string) => rows.find((r) => r.step === step)!;

describe('case clocks in the panel', () => {
  it('times each step from its first event and colours it against its target', () => {
    const events = [
      ev('opened', 0),
      ev('acknowledged', 90),
      ev('unit_dispatched', 200),
      ev('unit_dispatched', 300),
      ev('unit_on_scene', 1000),
    ];
    const rows = stepRows('lost_person', events, new Date(T0 + 2000_000));
    expect(row(rows, 'reported')).toMatchObject({ at: iso(0), sinceReportS: 0, status: 'done' });
    expect(row(rows, 'acknowledged')).toMatchObject({ at: iso(90), sinceReportS: 90, targetS: 120, status: 'done' });
    expect(row(rows, 'dispatched')).toMatchObject({ at: iso(200), sinceReportS: 200, targetS: null, status: 'done' });
    expect(row(rows, 'on_scene')).toMatchObject({ sinceReportS: 1000, targetS: 900, status: 'late' });
    expect(row(rows, 'found')).toMatchObject({ at: null, sinceReportS: null, status: 'waiting' });
    expect(row(rows, 'closed')).toMatchObject({ at: null, status: 'waiting' });
  });

  it('runs a clock to now, overdue past its target, and stops it at the close', () => {
    const events = [ev('opened', 0)];
    const running = stepRows('lost_person', events, new Date(T0 + 100_000));
    expect(row(running, 'acknowledged')).toMatchObject({ status: 'running', sinceReportS: 100 });
    const overdue = stepRows('lost_person', events, new Date(T0 + 130_000));
    expect(row(overdue, 'acknowledged')).toMatchObject({ status: 'overdue', sinceReportS: 130 });
    const closed = stepRows('lost_person', [...events, ev('closed', 60)], new Date(T0 + 999_000));
    expect(row(closed, 'acknowledged')).toMatchObject({ status: 'waiting', sinceReportS: null });
    expect(row(closed, 'closed')).toMatchObject({ at: iso(60), sinceReportS: 60, status: 'done' });
  });

  it('reads events out of order by time, and the last correction of a step wins (by seq)', () => {
    const events = [
      ev('acknowledged', 100, {}, 5),
      ev('opened', 0, {}, 1),
      ev('clock_corrected', 300, { step: 'reported', at: iso(-60), reason: 'phoned in earlier' }, 7),
      ev('clock_corrected', 200, { step: 'reported', at: iso(-30), reason: 'first guess' }, 6),
    ];
    const rows = stepRows('lost_person', events, new Date(T0 + 400_000));
    expect(row(rows, 'reported')).toMatchObject({ at: iso(-60), correctedReason: 'phoned in earlier' });
    // The acknowledgement is now 160 s after the report: past its 2-minute target.
    expect(row(rows, 'acknowledged')).toMatchObject({ sinceReportS: 160, status: 'late', correctedReason: null });
  });

  it("maps the server's reunion step to found, and offers corrections only where the server takes them", () => {
    const events = [
      ev('opened', 0),
      ev('clock_corrected', 10, { step: 'reunion', at: iso(50), reason: 'handed over' }),
    ];
    expect(row(stepRows('lost_child', events, new Date(T0 + 60_000)), 'found')).toMatchObject({ at: iso(50) });
    expect(
      ['reported', 'acknowledged', 'dispatched', 'on_scene', 'found', 'closed'].map((s) =>
        correctableStep('lost_person', s as never),
      ),
    ).toEqual(['reported', 'acknowledged', null, 'on_scene', null, 'closed']);
    expect(correctableStep('lost_child', 'found')).toBe('reunion');
  });

  it('lists events in time order without the duty notice attempts, and merges an answer in once', () => {
    const a = ev('opened', 0, {}, 1);
    const b = ev('clock_breached', 130, { step: 'acknowledged', target_s: 120, elapsed_s: 130 }, 3);
    const c = ev('duty_notify_attempt', 131, {}, 4);
    const d = ev('duty_notified', 132, { channel: 'wecom' }, 5);
    expect(timelineEvents([d, c, b, a]).map((e) => e.seq)).toEqual([1, 3, 5]);
    const corr = ev('clock_corrected', 140, { step: 'reported', at: iso(-10), reason: 'x' }, 6);
    expect(mergeEvents([a, b], [corr]).map((e) => e.seq)).toEqual([1, 3, 6]);
    expect(mergeEvents([a, b, corr], [corr]).map((e) => e.seq)).toEqual([1, 3, 6]);
  });
});

describe('formatting', () => {
  it('shows HH:mm:ss today and the date before it on another day', () => {
    const now = new Date(2026, 10, 21, 15, 0, 0);
    expect(formatEventTime(new Date(2026, 10, 21, 9, 5, 7).toISOString(), now)).toBe('09:05:07');
    expect(formatEventTime(new Date(2026, 10, 20, 23, 59, 1).toISOString(), now)).toBe('2026-11-20 23:59:01');
    expect(formatEventTime('not a time', now)).toBe('');
  });

  it('formats durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(125)).toBe('2:05');
    expect(formatDuration(15 * 60)).toBe('15:00');
    expect(formatDuration(3 * 3600 + 61)).toBe('3:01:01');
  });

  it('round-trips the datetime-local value in local time and rejects a partial one', () => {
    const at = new Date(2026, 10, 21, 8, 4, 9).toISOString();
    expect(toLocalInput(at)).toBe('2026-11-21T08:04:09');
    expect(fromLocalInput(toLocalInput(at))).toBe(at);
    expect(fromLocalInput('2026-11-21T08:04')).toBe(new Date(2026, 10, 21, 8, 4).toISOString());
    expect(fromLocalInput('2026-11-21')).toBeNull();
    expect(fromLocalInput('')).toBeNull();
  });

  it("names the server's correction errors for the user's language", () => {
    const bad = (message: string) => ({ status: 400, code: 'bad_request', message });
    expect(correctionErrorKey(bad('A correction cannot be in the future'))).toBe('caseTimeline.errors.future');
    expect(correctionErrorKey(bad('Unknown step "x" for a lost_person case (one of reported)'))).toBe(
      'caseTimeline.errors.step',
    );
    expect(correctionErrorKey(bad('Invalid request'))).toBe('caseTimeline.errors.invalid');
    expect(correctionErrorKey({ status: 403, code: 'forbidden', message: 'no' })).toBe('caseTimeline.errors.forbidden');
    expect(correctionErrorKey({ status: 500, code: 'internal', message: 'boom' })).toBeNull();
  });
});

describe('offline uplinks and the server step times', () => {
  it('marks an event that reached the server more than 10 s after the tap', () => {
    expect(offlineDelayS(ev('unit_on_scene', 0, { receivedAt: iso(33) }))).toBe(33);
    expect(offlineDelayS(ev('unit_on_scene', 0, { receivedAt: iso(10) }))).toBeNull();
    expect(offlineDelayS(ev('unit_on_scene', 0))).toBeNull();
  });

  it("takes the steps from the server's times when it gives them", () => {
    const events = [ev('tadpole_reported', 0), ev('alert_verified', 60)];
    const server = { reported: iso(0), acknowledged: iso(45), reunion: iso(300) };
    const rows = stepRows('found_child', events, new Date(T0 + 400_000), server);
    expect(row(rows, 'acknowledged')).toMatchObject({ at: iso(45), status: 'done' });
    expect(row(rows, 'found')).toMatchObject({ at: iso(300) });
  });
});
