import { describe, expect, it } from 'vitest';
import { callerSilenceAt } from './caller-silence.ts';

const at = new Date('2026-05-01T08:10:00Z');
const fix = (minutesBefore: number, battery: number | null) => ({
  id: 7,
  t: new Date(at.getTime() - minutesBefore * 60_000).toISOString(),
  battery,
});

describe('callerSilenceAt', () => {
  it('warns when the last fix is five minutes old with 20 % or less', () => {
    expect(callerSilenceAt(fix(5, 20), at)).toEqual({
      callerLocationId: 7,
      lastFixAt: '2026-05-01T08:05:00.000Z',
      battery: 20,
      silentS: 300,
    });
  });

  it('stays quiet while the page still sends', () => {
    expect(callerSilenceAt(fix(4.9, 5), at)).toBeNull();
  });

  it('stays quiet when the battery was fine or unknown', () => {
    expect(callerSilenceAt(fix(30, 21), at)).toBeNull();
    expect(callerSilenceAt(fix(30, null), at)).toBeNull();
  });

  it('stays quiet without a fix from the page, or with an unreadable time', () => {
    expect(callerSilenceAt(null, at)).toBeNull();
    expect(callerSilenceAt({ id: 1, t: 'soon', battery: 3 }, at)).toBeNull();
  });
});
