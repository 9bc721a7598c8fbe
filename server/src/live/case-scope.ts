import { hasRole, type Role } from '@lookout/contracts';
import { commands } from '../auth/capabilities.ts';
import type { CaseFeedItem } from './live.types.ts';

/** Steps of a case every officer sees, for the open case list; the rest only on his own cases. */
const CASE_LIST_EVENT_TYPES = new Set(['opened', 'acknowledged', 'closed']);

export interface Viewer {
  roles: readonly Role[];
  userId?: string;
}

/** The cases a viewer works on when the feed starts: his units', the ones he opened, the ones he flies for. */
export interface OwnCases {
  unitIds: readonly string[];
  caseIds: readonly string[];
  /** Drones he flies for a case, as `caseId droneId`. */
  flights?: readonly string[];
}

/**
 * Which case items a viewer receives, by the union of his roles (the same reach as the HTTP case scope,
 * cases/case-access.ts). Commanders and admins get everything. Officers and pilots get their own cases in full
 * (opened, assigned to their unit, or flown for with their drone, learnt from the feed as it flows) and of the
 * other cases only the steps the open case list shows. A liaison alone gets no caller locations or matches
 * (`staffOnly`).
 */
export class CaseScope {
  private readonly unitIds: Set<string>;
  private readonly caseIds: Set<string>;
  private readonly flights: Set<string>;

  constructor(
    private readonly viewer: Viewer,
    own: OwnCases = { unitIds: [], caseIds: [] },
  ) {
    this.unitIds = new Set(own.unitIds);
    this.caseIds = new Set(own.caseIds);
    this.flights = new Set(own.flights ?? []);
  }

  /** The item as this viewer may see it (some of its events), or undefined for nothing. */
  filter(item: CaseFeedItem): CaseFeedItem | undefined {
    if (commands(this.viewer)) return item;
    if (!hasRole(this.viewer, 'officer', 'pilot')) return item.staffOnly ? undefined : item;
    this.learn(item);
    const events = item.events.filter(
      (e) => this.owns(e.caseId) || (e.kind === 'case_event' && CASE_LIST_EVENT_TYPES.has(e.type)),
    );
    if (!events.length) return undefined;
    return events.length === item.events.length ? item : { ...item, events };
  }

  /**
   * Whether the viewer may see the case's own data (its coverage): commanders and admins every case, officers and
   * pilots their own cases, liaisons none.
   */
  sees(caseId: string): boolean {
    if (commands(this.viewer)) return true;
    return hasRole(this.viewer, 'officer', 'pilot') && this.owns(caseId);
  }

  private owns(caseId: string): boolean {
    if (this.caseIds.has(caseId)) return true;
    for (const f of this.flights) if (f.startsWith(`${caseId} `)) return true;
    return false;
  }

  private learn(item: CaseFeedItem): void {
    const me = this.viewer.userId;
    const officer = hasRole(this.viewer, 'officer');
    const pilot = hasRole(this.viewer, 'pilot');
    for (const e of item.events) {
      if (officer && e.kind === 'assignment' && this.unitIds.has(e.assignment.unitId)) this.caseIds.add(e.caseId);
      if (e.kind !== 'case_event') continue;
      if (officer && e.type === 'opened' && e.actorId === me) this.caseIds.add(e.caseId);
      if (pilot && e.data.pilotId === me) {
        const flight = `${e.caseId} ${String(e.data.droneId)}`;
        if (e.type === 'drone_attached') this.flights.add(flight);
        if (e.type === 'drone_detached') this.flights.delete(flight);
      }
    }
  }
}
