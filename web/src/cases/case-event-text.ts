import type { TFunction } from 'i18next';
import { formatDuration, formatEventTime, panelStep } from './case-timeline.ts';
import type { Assignment, CaseEvent } from './case-types.ts';

/** Who or what a timeline line refers to, known from the case and the units list. */
export interface EventContext {
  now: Date;
  me: { id: string; displayName: string };
  /** Unit callsigns by unit id (the case's assignments). */
  unitCallsigns: Map<string, string>;
  /** Unit callsigns by the officer's user id (GET /units, commanders only). */
  officerCallsigns: Map<string, string>;
  /** Pilots' names by user id, from the case's `drone_attached` steps (absent: named by a short id). */
  pilotNames?: Map<string, string>;
}

/** The pilots named by the case's `drone_attached` steps, by user id. */
export function pilotNames(events: readonly CaseEvent[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    const d = e.data ?? {};
    if (e.type === 'drone_attached' && str(d.pilotId) && str(d.pilotName))
      out.set(String(d.pilotId), String(d.pilotName));
  }
  return out;
}

export function unitCallsigns(assignments: readonly Assignment[]): Map<string, string> {
  return new Map(assignments.filter((a) => a.unitCallsign).map((a) => [a.unitId, a.unitCallsign!]));
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The event type's name; unknown types show as they are. */
export function eventLabel(t: TFunction, e: CaseEvent): string {
  return t(`caseTimeline.types.${e.type}`, { defaultValue: e.type });
}

/** A step's name in the panel's words (server names such as `reunion` mapped). */
export function stepLabel(t: TFunction, step: unknown): string {
  const s = panelStep(String(step ?? ''));
  return t(`caseTimeline.steps.${s}`, { defaultValue: s });
}

/** The line's detail from the event's data, or '' when there is nothing more to say. */
export function eventDetail(t: TFunction, e: CaseEvent, ctx: EventContext): string {
  const d = e.data ?? {};
  const unit = str(d.unitId) ? (ctx.unitCallsigns.get(String(d.unitId)) ?? String(d.unitId).slice(0, 8)) : null;
  switch (e.type) {
    case 'unit_dispatched':
      return d.handOff === true ? t('caseTimeline.detail.handOff', { unit: unit ?? '' }) : (unit ?? '');
    case 'drone_attached':
      return str(d.pilotName)
        ? t('caseTimeline.detail.droneWithPilot', { drone: str(d.callsign) ?? '', pilot: d.pilotName })
        : (str(d.callsign) ?? '');
    case 'case_message':
      return (
        t('caseTimeline.detail.message', { author: str(d.authorName) ?? '' }) +
        (d.pin === true ? t('caseTimeline.detail.withPin') : '') +
        (d.photo === true ? t('caseTimeline.detail.withPhoto') : '')
      );
    case 'drone_detached':
      return str(d.callsign) ?? '';
    case 'sector_created':
    case 'sector_deleted':
      return str(d.name) ?? '';
    case 'sector_changed': {
      // What was changed: the name (from what), the priority, the outline (改边界).
      const fields = Array.isArray(d.fields) ? d.fields.filter((f): f is string => typeof f === 'string') : [];
      if (fields.length === 0) return str(d.name) ?? '';
      const what = fields
        .map((f) => t(`caseTimeline.detail.sectorField.${f}`, { defaultValue: f, from: str(d.from) ?? '' }))
        .join(t('caseTimeline.detail.sectorFieldSep'));
      return t('caseTimeline.detail.sectorChanged', { name: d.name, what });
    }
    case 'sectors_split':
      return t('caseTimeline.detail.sectorsSplit', { first: d.first, last: d.last, count: d.count, cellM: d.cellM });
    case 'sector_assigned':
      return str(d.assigneeLabel)
        ? t('caseTimeline.detail.sectorAssigned', { name: d.name, who: d.assigneeLabel })
        : t('caseTimeline.detail.sectorUnassigned', { name: d.name });
    case 'sector_status':
      return t('caseTimeline.detail.sectorStatus', {
        name: d.name,
        status: t(`sectors.status.${String(d.status)}`, { defaultValue: String(d.status ?? '') }),
      });
    case 'sighting_marked': {
      const kind = str(d.kind) ? t(`sighting.kind.${String(d.kind)}`, { defaultValue: String(d.kind) }) : '';
      const count = num(d.count) !== null ? ` ×${num(d.count)}` : '';
      return t('caseTimeline.detail.sighting', { id: d.sightingId ?? '?', what: `${kind}${count}` });
    }
    case 'unit_en_route':
    case 'unit_on_scene':
    case 'person_found':
      return unit ?? '';
    case 'assignment_retargeted':
      return t('caseTimeline.detail.retargeted', {
        unit: unit ?? '',
        status: t(`officer.status.${String(d.status)}`, { defaultValue: String(d.status ?? '') }),
      });
    case 'retraction_requested':
      return [str(d.requestedByName), str(d.note)].filter(Boolean).join('：');
    case 'unit_stood_down':
      return d.reason === 'case_closed' ? t('caseTimeline.detail.stoodDownClosed', { unit: unit ?? '' }) : (unit ?? '');
    case 'caller_location': {
      const source = str(d.source);
      const acc = num(d.accuracyM);
      return [
        source ? t(`cases.source.${source}`, { defaultValue: source }) : '',
        acc !== null ? `±${Math.round(acc)} m` : '',
      ]
        .filter(Boolean)
        .join(' ');
    }
    case 'match_confirmed':
      return num(d.matchId) !== null ? t('caseTimeline.detail.match', { id: d.matchId }) : '';
    case 'contact_phone_changed': {
      if (!str(d.from) || !str(d.to)) return '';
      const key = d.ownAlert === false ? 'phoneChangedByOther' : 'phoneChanged';
      return t(`caseTimeline.detail.${key}`, { from: d.from, to: d.to });
    }
    case 'location_link_created':
      return str(d.phone) ? t('caseTimeline.detail.linkTo', { phone: d.phone }) : '';
    case 'care_location_set':
      return str(d.careLocation) ?? '';
    case 'officer_on_scene':
      return str(d.officerName) ?? '';
    case 'team_link_created':
      return d.smsSent === false
        ? t('caseTimeline.detail.teamLinkSmsFailed', { unit: unit ?? '', error: str(d.smsError) ?? '?' })
        : t('caseTimeline.detail.teamLink', { unit: unit ?? '', phone: str(d.phone) ?? '' });
    case 'closed': {
      const outcome = str(d.outcome)
        ? t(`cases.outcome.${String(d.outcome)}`, { defaultValue: String(d.outcome) })
        : '';
      return [outcome, str(d.note)].filter(Boolean).join('：');
    }
    case 'clock_corrected':
      return t('caseTimeline.detail.corrected', {
        step: stepLabel(t, d.step),
        time: str(d.at) ? formatEventTime(String(d.at), ctx.now) : t('caseTimeline.detail.cleared'),
        reason: str(d.reason) ?? '',
      });
    case 'clock_breached':
      return t('caseTimeline.detail.breached', {
        step: stepLabel(t, d.step),
        target: num(d.target_s) !== null ? formatDuration(num(d.target_s)!) : '?',
        elapsed: num(d.elapsed_s) !== null ? formatDuration(num(d.elapsed_s)!) : '?',
      });
    case 'caller_silent_low_battery':
      return t('caseTimeline.detail.callerSilent', {
        time: str(d.lastFixAt) ? formatEventTime(String(d.lastFixAt), ctx.now) : '?',
        level: num(d.battery) !== null ? Math.round(num(d.battery)!) : '?',
      });
    case 'duty_notified':
      return str(d.channel) ? t('caseTimeline.detail.via', { channel: d.channel }) : '';
    case 'duty_notify_failed':
      return [
        str(d.error),
        str(d.retry_at) ? t('caseTimeline.detail.retry', { time: formatEventTime(String(d.retry_at), ctx.now) }) : null,
      ]
        .filter(Boolean)
        .join(' · ');
    default:
      return '';
  }
}

/** Who did it, where known: me, an officer by his unit's callsign, another user by a short id; null for the system. */
export function eventActor(t: TFunction, e: CaseEvent, ctx: EventContext): string | null {
  if (!e.actorId) return null;
  if (e.actorId === ctx.me.id) return t('caseTimeline.actor.me', { name: ctx.me.displayName });
  const callsign = ctx.officerCallsigns.get(e.actorId);
  if (callsign) return callsign;
  const pilot = ctx.pilotNames?.get(e.actorId);
  if (pilot) return t('caseTimeline.actor.pilot', { name: pilot });
  return t('caseTimeline.actor.user', { id: e.actorId.slice(0, 8) });
}
