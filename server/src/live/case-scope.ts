import type { CaseFeedItem } from './live.types.ts';

/** Steps of a case every officer sees, for the open case list; the rest only on his own cases. */
const CASE_LIST_EVENT_TYPES = new Set(['opened', 'acknowledged', 'closed']);

export interface Viewer {
  role: string;
  userId?: string;
}

/**
 * Which case items a viewer receives. Liaisons get no caller locations or matches (`staffOnly`). Officers get
 * their own cases in full (the cases they opened or their unit is assigned to, learnt from the feed as it
 * flows) and of the other cases only the steps the open case list shows.
 */
export class CaseScope {
  private readonly unitIds: Set<string>;
  private readonly caseIds: Set<string>;

  constructor(
    private readonly viewer: Viewer,
    own: { unitIds: readonly string[]; caseIds: readonly string[] } = { unitIds: [], caseIds: [] },
  ) {
    this.unitIds = new Set(own.unitIds);
    this.caseIds = new Set(own.caseIds);
  }

  /** The item as this viewer may see it (some of its events), or undefined for nothing. */
  filter(item: CaseFeedItem): CaseFeedItem | undefined {
    if (this.viewer.role === 'liaison') return item.staffOnly ? undefined : item;
    if (this.viewer.role !== 'officer') return item;
    this.learn(item);
    const events = item.events.filter(
      (e) => this.caseIds.has(e.caseId) || (e.kind === 'case_event' && CASE_LIST_EVENT_TYPES.has(e.type)),
    );
    if (!events.length) return undefined;
    return events.length === item.events.length ? item : { ...item, events };
  }

  private learn(item: CaseFeedItem): void {
    for (const e of item.events) {
      if (e.kind === 'assignment' && this.unitIds.has(e.assignment.unitId)) this.caseIds.add(e.caseId);
      if (e.kind === 'case_event' && e.type === 'opened' && e.actorId === this.viewer.userId)
        this.caseIds.add(e.caseId);
    }
  }
}
