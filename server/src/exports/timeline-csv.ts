import type { CaseEvent } from '@lookout/contracts';
import { toCsv } from '../audit/csv.ts';
import { intervals as tadpoleIntervals, spanS } from '../tadpole/clocks/clock-steps.ts';
import type { CaseExportData } from './case-export.ts';

/** What each event type is called in the after-action report. */
const labels: Record<string, [zh: string, en: string]> = {
  opened: ['立案', 'case opened'],
  acknowledged: ['指挥确认', 'acknowledged by command'],
  location_link_created: ['发送定位链接', 'location link sent'],
  location_link_opened: ['定位链接被打开', 'location link opened'],
  location_link_revoked: ['定位链接作废', 'location link revoked'],
  team_link_created: ['发送队伍引导链接', 'team guidance link sent'],
  team_link_opened: ['队伍打开引导链接', 'team guidance link opened'],
  team_link_revoked: ['队伍引导链接作废', 'team guidance link revoked'],
  officer_on_scene: ['民警到场', 'officer on scene'],
  care_location_set: ['记录孩子现在所在', 'where the child is now noted'],
  caller_location: ['收到报警人位置', 'caller location received'],
  match_confirmed: ['确认匹配', 'match confirmed'],
  unit_dispatched: ['派警', 'unit dispatched'],
  unit_en_route: ['出警途中', 'unit en route'],
  unit_on_scene: ['到达现场', 'unit on scene'],
  person_found: ['找到人员', 'person found'],
  unit_stood_down: ['警力撤回', 'unit stood down'],
  closed: ['结案', 'case closed'],
  // The board
  clock_breached: ['超时', 'clock target passed'],
  clock_corrected: ['时间更正', 'clock corrected'],
  caller_silent_low_battery: ['报警人手机电量低且已无回传', 'caller silent with a low battery'],
  duty_notify_attempt: ['通知值班群（尝试）', 'duty group notice attempt'],
  duty_notified: ['已通知值班群', 'duty group notified'],
  duty_notify_failed: ['通知值班群失败', 'duty group notice failed'],
  // Tadpole: the case events, and the delivery rows read from the queue
  tadpole_reported: ['小蝌蚪报告', 'tadpole alert created'],
  alert_updated: ['修改公开信息', 'alert card updated'],
  contact_phone_changed: ['修改联系电话', 'contact phone changed'],
  alert_photo: ['添加照片', 'photo added'],
  alert_verified: ['核实（回拨监护人/报告人）', 'alert verified'],
  groups_added: ['追加推送群', 'groups added'],
  group_dropped: ['移除推送群', 'group dropped'],
  cap_message: ['发布推送（CAP）', 'broadcast (CAP message)'],
  first_broadcast: ['首次推送送达', 'first broadcast sent'],
  delivery_sent: ['推送送达', 'delivery sent'],
  delivery_failed: ['推送失败', 'delivery failed'],
  forward_kit_ready: ['转发包待转发', 'forward kit ready'],
  delivery_acknowledged: ['已转发', 'forwarded (acknowledged)'],
  tip_received: ['收到线索', 'tip received'],
  child_found: ['找到儿童', 'child found'],
  guardian_verified: ['监护人核验通过', 'guardian verified'],
  guardian_not_verified: ['监护人核验未通过', 'guardian not verified'],
  handed_over: ['移交监护人', 'handed over'],
  alert_retracted: ['撤回', 'alert retracted'],
  retraction_sent: ['撤回通知送达', 'retraction sent'],
  public_purged: ['公开信息已清除', 'public card purged'],
  case_file_purged: ['案卷已清除', 'case file purged'],
};

/** A label that depends on the event's data. */
function labelOf(type: string, data: Record<string, unknown>): [string, string] {
  if (type === 'tip_marked')
    return data.useful === true ? ['有用线索', 'tip marked useful'] : ['线索标记为无用', 'tip marked not useful'];
  if (type === 'cap_message' && typeof data.msgType === 'string') {
    const zh = { Alert: '发布推送', Update: '更新推送', Cancel: '撤回推送' }[data.msgType] ?? '发布推送';
    return [`${zh}（CAP ${data.msgType}）`, `broadcast (CAP ${data.msgType})`];
  }
  if (type.startsWith('delivery_') || type === 'forward_kit_ready') {
    const [zh, en] = labels[type] ?? [type, type];
    const g = typeof data.groupName === 'string' ? data.groupName : '';
    const ch = typeof data.channel === 'string' ? data.channel : '';
    const m = typeof data.msgType === 'string' ? data.msgType : '';
    return [`${zh}：${g}（${ch}，${m}）`, `${en}: ${g} (${ch}, ${m})`];
  }
  return labels[type] ?? [type, type.replace(/_/g, ' ')];
}

/** The tadpole intervals (clock-steps.ts keys) in zh. */
const tadpoleIntervalZh: Record<string, string> = {
  report_to_verified: '报告→核实',
  report_to_officer_on_scene: '报告→民警到场',
  verified_to_first_broadcast: '核实→首次推送',
  report_to_first_broadcast: '报告→首次推送',
  broadcast_to_first_tip: '推送→首条线索',
  broadcast_to_first_useful_tip: '推送→首条有用线索',
  report_to_found: '报告→找到',
  found_to_handover: '找到→移交',
  report_to_handover: '报告→移交',
  handover_to_retraction_sent: '移交→撤回送达',
  retraction_to_purged: '撤回→清除',
};

/** The clock steps of a case and the event that starts each, first occurrence. */
const steps: [step: string, types: readonly string[]][] = [
  ['reported', ['opened']],
  ['acknowledged', ['acknowledged']],
  ['dispatched', ['unit_dispatched']],
  ['on_scene', ['unit_on_scene']],
  ['found', ['person_found']],
  ['closed', ['closed']],
];

/** The derived intervals: [key, from, to, zh]. */
export const timelineIntervals: readonly [string, string, string, string][] = [
  ['report_to_acknowledged', 'reported', 'acknowledged', '立案→确认'],
  ['report_to_dispatched', 'reported', 'dispatched', '立案→派警'],
  ['report_to_on_scene', 'reported', 'on_scene', '立案→到场'],
  ['dispatched_to_on_scene', 'dispatched', 'on_scene', '派警→到场'],
  ['report_to_found', 'reported', 'found', '立案→找到'],
  ['report_to_closed', 'reported', 'closed', '立案→结案'],
];

/** Free text a person typed into an event (title, note, reason): its own column, guarded like every cell. */
function freeText(e: Pick<CaseEvent, 'data'>): string | null {
  for (const key of ['title', 'note', 'reason', 'outcome']) {
    const v = e.data[key];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/** Step → time of its first event (events may be stored out of time order: the earliest counts). */
export function stepTimes(events: CaseEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [step, types] of steps) {
    const times = events.filter((e) => types.includes(e.type)).map((e) => e.at);
    if (times.length)
      out.set(
        step,
        times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)),
      );
  }
  return out;
}

export const TIMELINE_HEADER = [
  'at',
  'seq',
  'type',
  'actor',
  'details_zh',
  'details_en',
  'text',
  'seconds',
  'data',
] as const;

/**
 * The after-action timeline: the case row, every case event in time order with its actor and labels (for a tadpole
 * case also its deliveries, forward kits and 已转发 acknowledgements from the queue), then the derived intervals
 * (type `interval`, seconds between the steps: the tadpole clocks per alert for a tadpole case). Every cell goes through the audit module's CSV
 * writer, which neutralises formula cells (= + - @ tab CR) with a leading quote.
 */
export function timelineCsv(d: CaseExportData): string {
  const c = d.detail.case;
  const events = [...d.detail.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
  // Tadpole cases: the deliveries and 已转发 rows go between the events, by time (an event first at a tie).
  type Line = { at: string; seq: number | null; type: string; actorId: string | null; data: Record<string, unknown> };
  const lines: Line[] = [
    ...events.map((e) => ({ ...e, data: e.data })),
    ...(d.tadpole?.rows ?? []).map((r) => ({ ...r, seq: null, data: r.data as unknown as Record<string, unknown> })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.seq ?? Infinity) - (b.seq ?? Infinity));
  const rows: unknown[][] = [
    [
      c.createdAt,
      null,
      'case',
      d.names.get(c.createdBy ?? '') ?? null,
      `案件（${c.kind}）`,
      `case (${c.kind})`,
      c.title,
      null,
      { id: c.id, status: c.status },
    ],
  ];
  for (const e of lines) {
    const [zh, en] = labelOf(e.type, e.data);
    rows.push([
      e.at,
      e.seq,
      e.type,
      e.actorId ? (d.names.get(e.actorId) ?? e.actorId) : null,
      zh,
      en,
      freeText(e),
      null,
      e.data,
    ]);
  }
  if (d.tadpole) {
    // A tadpole case's intervals are the tadpole clocks (server/src/tadpole/clocks), per alert.
    for (const a of d.tadpole.steps) {
      for (const [key, from, to] of tadpoleIntervals) {
        const s = spanS(a.times, from, to);
        rows.push([
          a.times[to] ?? null,
          null,
          'interval',
          null,
          tadpoleIntervalZh[key] ?? key,
          key.replace(/_/g, ' '),
          key,
          s === null ? null : Math.round(s * 10) / 10,
          { alertId: a.alertId, from: a.times[from], to: a.times[to] },
        ]);
      }
    }
    return toCsv(TIMELINE_HEADER, rows);
  }
  const times = stepTimes(events);
  for (const [key, from, to, zh] of timelineIntervals) {
    const a = times.get(from);
    const b = times.get(to);
    const seconds = a && b ? Math.round((Date.parse(b) - Date.parse(a)) / 100) / 10 : null;
    rows.push([
      b ?? null,
      null,
      'interval',
      null,
      zh,
      key.replace(/_/g, ' '),
      key,
      seconds,
      { from: a ?? null, to: b ?? null },
    ]);
  }
  return toCsv(TIMELINE_HEADER, rows);
}
