import { toCsv } from '../audit/csv.ts';
import type { CaseEventView } from '../cases/cases.repo.ts';
import type { CaseExportData } from './case-export.ts';

/** What each event type is called in the after-action report. */
const labels: Record<string, [zh: string, en: string]> = {
  opened: ['立案', 'case opened'],
  acknowledged: ['指挥确认', 'acknowledged by command'],
  location_link_created: ['发送定位链接', 'location link sent'],
  location_link_opened: ['定位链接被打开', 'location link opened'],
  location_link_revoked: ['定位链接作废', 'location link revoked'],
  caller_location: ['收到报警人位置', 'caller location received'],
  match_confirmed: ['确认匹配', 'match confirmed'],
  unit_dispatched: ['派警', 'unit dispatched'],
  unit_en_route: ['出警途中', 'unit en route'],
  unit_on_scene: ['到达现场', 'unit on scene'],
  person_found: ['找到人员', 'person found'],
  unit_stood_down: ['警力撤回', 'unit stood down'],
  closed: ['结案', 'case closed'],
};

/** The clock steps of a case (DESIGN §6) and the event that starts each, first occurrence. */
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
function freeText(e: CaseEventView): string | null {
  for (const key of ['title', 'note', 'reason', 'outcome']) {
    const v = e.data[key];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/** Step → time of its first event (events may be stored out of time order: the earliest counts). */
export function stepTimes(events: CaseEventView[]): Map<string, string> {
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
 * The after-action timeline: the case row, every case event in time order with its actor and labels, then the
 * derived intervals (type `interval`, seconds between the steps). Every cell goes through the audit module's CSV
 * writer, which neutralises formula cells (= + - @ tab CR) with a leading quote.
 */
export function timelineCsv(d: CaseExportData): string {
  const c = d.detail.case;
  const events = [...d.detail.events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.seq - b.seq);
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
  for (const e of events) {
    const [zh, en] = labels[e.type] ?? [e.type, e.type.replace(/_/g, ' ')];
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
