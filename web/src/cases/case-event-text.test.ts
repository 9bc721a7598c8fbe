import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedTranslators } from '../shared/fixed-translators.ts';
import en from '../locales/cases.en.json';
import zhCN from '../locales/cases.zh-CN.json';
import { eventActor, eventDetail, eventLabel, pilotNames, type EventContext } from './case-event-text.ts';
import type { CaseEvent } from './case-types.ts';

let zh: TFunction;
let english: TFunction;
beforeAll(async () => {
  ({ zh, english } = await fixedTranslators(zhCN, en));
});

const now = new Date(2026, 10, 21, 12, 0, 0);
const ctx: EventContext = {
  now,
  me: { id: 'me-0001-aaaa', displayName: '指挥长' },
  unitCallsigns: new Map([['unit-1', '民警一组']]),
  officerCallsigns: new Map([['officer-user', '民警一组']]),
};
const ev = (type: string, data: Record<string, unknown> = {}, actorId: string | null = null): CaseEvent => ({
  seq: 1,
  type,
  at: new Date(2026, 10, 21, 9, 0, 0).toISOString(),
  actorId,
  data,
});

/** Every type the server writes into case_events (grep INSERT INTO case_events / appendEvent in server/src). */
const SERVER_TYPES = [
  'opened', 'acknowledged', 'location_link_created', 'location_link_opened', 'location_link_revoked',
  'caller_location', 'match_confirmed', 'unit_dispatched', 'unit_en_route', 'unit_on_scene', 'person_found',
  'unit_stood_down', 'closed', 'clock_breached', 'clock_corrected', 'duty_notify_attempt', 'duty_notified',
  'duty_notify_failed', 'tadpole_reported', 'alert_updated', 'contact_phone_changed', 'alert_photo', 'alert_verified', 'groups_added',
  'group_dropped', 'cap_message', 'first_broadcast', 'delivery_sent', 'delivery_failed', 'forward_kit_ready',
  'delivery_acknowledged', 'tip_received', 'tip_marked', 'child_found', 'guardian_verified', 'handed_over',
  'alert_retracted', 'public_purged', 'case_file_purged', 'assignment_retargeted', 'retraction_requested',
  'drone_attached', 'drone_detached', 'sighting_marked', 'case_message', 'team_link_created', 'team_link_opened',
  'team_link_revoked', 'officer_on_scene', 'care_location_set', 'sector_created', 'sectors_split', 'sector_changed',
  'sector_assigned', 'sector_status', 'sector_deleted',
]; // prettier-ignore

describe('the pilot in the timeline', () => {
  const attached = ev(
    'drone_attached',
    { droneId: 'd1', callsign: '飞鹰-1', pilotId: 'pilot-1', pilotName: '张飞手' },
    'pilot-1',
  );
  const withPilots = { ...ctx, pilotNames: pilotNames([attached]) };

  it('names the drone and its pilot, and the pilot as the actor of his steps', () => {
    expect(eventDetail(zh, attached, ctx)).toBe('飞鹰-1，飞手 张飞手');
    expect(eventDetail(english, attached, ctx)).toBe('飞鹰-1, pilot 张飞手');
    expect(eventDetail(zh, ev('drone_detached', { callsign: '飞鹰-1' }), ctx)).toBe('飞鹰-1');
    expect(eventActor(zh, attached, withPilots)).toBe('飞手 张飞手');
    expect(eventActor(zh, attached, ctx)).toBe('用户 pilot-1');
  });

  it('says a dispatch was the pilot’s hand-off, and what he marked', () => {
    const handOff = ev('unit_dispatched', { unitId: 'unit-1', handOff: true }, 'pilot-1');
    expect(eventDetail(zh, handOff, withPilots)).toBe('民警一组（飞手同步给地面）');
    expect(eventDetail(english, handOff, withPilots)).toBe('民警一组 (handed to the ground by the pilot)');
    expect(eventDetail(zh, ev('unit_dispatched', { unitId: 'unit-1', handOff: false }), ctx)).toBe('民警一组');
    const marked = ev('sighting_marked', { sightingId: 42, kind: 'group', count: 3 }, 'pilot-1');
    expect(eventDetail(english, marked, withPilots)).toBe('sighting #42 group ×3');
    const message = ev('case_message', { messageId: 7, authorName: '张飞手', pin: true, photo: false }, 'pilot-1');
    expect(eventDetail(zh, message, withPilots)).toBe('张飞手 的消息，附位置');
  });
});

describe('sector steps in the timeline', () => {
  it('says which sectors a split made, who a sector went to, and its name', () => {
    const split = ev('sectors_split', { count: 18, first: 'A1', last: 'A18', cellM: 500, ringPercent: 25 });
    expect(eventDetail(zh, split, ctx)).toBe('A1–A18，共 18 个，边长 500 米');
    expect(eventDetail(english, split, ctx)).toBe('A1–A18, 18 of them, cells of 500 m');
    const assigned = ev('sector_assigned', { name: 'A3', assigneeKind: 'unit', assigneeLabel: '民警一组' });
    expect(eventDetail(zh, assigned, ctx)).toBe('A3 → 民警一组');
    expect(eventDetail(english, ev('sector_assigned', { name: 'A3' }), ctx)).toBe('A3 unassigned');
    expect(eventDetail(zh, ev('sector_deleted', { name: 'B2' }), ctx)).toBe('B2');
  });

  it('says what of a sector was changed: a redrawn outline, a new name, the priority', () => {
    const reshaped = ev('sector_changed', { sectorId: 's1', name: 'A3', fields: ['geometry'] });
    expect(eventDetail(zh, reshaped, ctx)).toBe('A3：改了边界');
    expect(eventDetail(english, reshaped, ctx)).toBe('A3: outline changed');
    const renamed = ev('sector_changed', { name: 'N1', fields: ['name', 'priority'], from: 'A1' });
    expect(eventDetail(zh, renamed, ctx)).toBe('N1：改了名称（原 A1）、优先级');
    expect(eventDetail(english, renamed, ctx)).toBe('N1: name (was A1), priority changed');
    expect(eventDetail(zh, ev('sector_changed', { name: 'A4' }), ctx)).toBe('A4');
  });
});

describe('timeline texts', () => {
  it('names every event type the server writes, in Chinese and in English', () => {
    for (const type of SERVER_TYPES) {
      expect(eventLabel(zh, ev(type)), type).not.toBe(type);
      expect(eventLabel(english, ev(type)), type).not.toBe(type);
    }
    expect(eventLabel(zh, ev('something_new'))).toBe('something_new');
  });

  it('says what a correction and a breach were', () => {
    const corrected = ev('clock_corrected', {
      step: 'reported',
      at: new Date(2026, 10, 21, 8, 55, 30).toISOString(),
      reason: '电话报警时间',
    });
    expect(eventDetail(zh, corrected, ctx)).toBe('报警 → 08:55:30，原因：电话报警时间');
    expect(eventDetail(english, corrected, ctx)).toBe('Reported → 08:55:30, reason: 电话报警时间');
    const breached = ev('clock_breached', { step: 'acknowledged', target_s: 120, elapsed_s: 121 });
    expect(eventDetail(zh, breached, ctx)).toBe('指挥确认：目标 2:00，已过 2:01');
    const reunion = ev('clock_corrected', { step: 'reunion', at: null, reason: 'x' });
    expect(eventDetail(zh, reunion, ctx)).toBe('找到人员 → 清除，原因：x');
  });

  it('names units, outcomes, sources and failures from the data, without undefined', () => {
    expect(eventDetail(zh, ev('unit_on_scene', { unitId: 'unit-1' }), ctx)).toBe('民警一组');
    expect(eventDetail(zh, ev('unit_stood_down', { unitId: 'unit-1', reason: 'case_closed' }), ctx)).toBe(
      '民警一组（结案撤回）',
    );
    expect(eventDetail(zh, ev('caller_location', { source: 'link', accuracyM: 79.6 }), ctx)).toBe('链接 ±80 m');
    expect(eventDetail(zh, ev('closed', { outcome: 'found_safe', note: null }), ctx)).toBe('找到，平安');
    expect(eventDetail(zh, ev('duty_notified', { channel: 'wecom' }), ctx)).toBe('经 wecom');
    expect(eventDetail(zh, ev('duty_notify_failed', { error: 'HTTP 500', retry_at: null }), ctx)).toBe('HTTP 500');
    for (const type of SERVER_TYPES) expect(eventDetail(zh, ev(type), ctx)).not.toContain('undefined');
  });

  it("says how a card's contact phone changed, masked, and when it was not the alert's creator", () => {
    const own = ev('contact_phone_changed', { from: '057****4321', to: '138****5678', ownAlert: true });
    expect(eventLabel(zh, own)).toBe('修改联系电话');
    expect(eventDetail(zh, own, ctx)).toBe('057****4321 → 138****5678');
    const other = ev('contact_phone_changed', { from: '057****4321', to: '138****5678', ownAlert: false });
    expect(eventDetail(zh, other, ctx)).toBe('057****4321 → 138****5678（非预警创建人修改）');
    expect(eventDetail(english, other, ctx)).toBe("057****4321 → 138****5678 (not by the alert's creator)");
  });

  it('says who did it where known', () => {
    expect(eventActor(zh, ev('acknowledged', {}, 'me-0001-aaaa'), ctx)).toBe('指挥长（我）');
    expect(eventActor(zh, ev('unit_en_route', {}, 'officer-user'), ctx)).toBe('民警一组');
    expect(eventActor(zh, ev('opened', {}, 'abcdef12-3456'), ctx)).toBe('用户 abcdef12');
    expect(eventActor(zh, ev('clock_breached'), ctx)).toBeNull();
  });

  it('has the same timeline keys in both languages', () => {
    const keys = (o: object, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${p}${k}.`) : [`${p}${k}`]));
    expect(keys(en.caseTimeline).sort()).toEqual(keys(zhCN.caseTimeline).sort());
  });
});
