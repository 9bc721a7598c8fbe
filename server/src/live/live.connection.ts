import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { clientMessage, hasRole, type ClientMessage } from '@lookout/contracts';
import { commands } from '../auth/capabilities.ts';
import { CaseScope, type Viewer } from './case-scope.ts';
import type { LiveService } from './live.service.ts';
import type { CaseFeedItem, LiveBatch, Position, ServerMessage, SightingEvent, UnitPosition } from './live.types.ts';

/** Message types a client may send, and every type the server sends (http/live-permissions.ts lists each). */
export const CLIENT_MESSAGE_TYPES = clientMessage.options.map((o) => o.shape.type.value);
export const SERVER_MESSAGE_TYPES = ['snapshot', 'positions', 'event', 'ping', 'error'] as const;
export const LIVE_EVENT_KINDS = [
  'sighting',
  'case_event',
  'caller_location',
  'match',
  'assignment',
  'coverage_changed',
] as const;
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : false;
// A new server message type or event kind fails typechecking here until it is listed (and then the sweep asks for
// its row in the permission table).
const _allServerTypes: Missing<ServerMessage['type'], (typeof SERVER_MESSAGE_TYPES)[number]> = true;
const _allEventKinds: Missing<
  Extract<ServerMessage, { type: 'event' }>['event']['kind'],
  (typeof LIVE_EVENT_KINDS)[number]
> = true;
void _allServerTypes;
void _allEventKinds;

export interface Backpressure {
  /** Above this many buffered bytes, positions wait (coalesced) for the next flush. */
  softBytes: number;
  /** Above this the client cannot keep up at all: close it; it resumes and catches up from the database. */
  hardBytes: number;
}

export interface ConnectionStats {
  sent(type: ServerMessage['type']): void;
  coalesced(n: number): void;
}

/** One browser on the live socket: its resume, its queue, its backpressure. */
export class LiveConnection {
  private state: 'waiting' | 'resuming' | 'live' = 'waiting';
  private readonly positions = new Map<string, Position>();
  private events: SightingEvent[] = [];
  /** Case feed (never dropped) and officers' positions (latest per unit). */
  private caseItems: CaseFeedItem[] = [];
  private readonly units = new Map<string, UnitPosition>();
  /** Cases whose coverage grew, to announce (once each, however often it grew meanwhile). */
  private readonly coverage = new Set<string>();
  /** Event seqs already sent, to drop the overlap between a resume read and the hub stream. */
  private readonly sentEvents = new Set<number>();
  private lastSeq = 0;
  private resumeToken = 0;
  private scope: CaseScope;

  constructor(
    readonly ws: WebSocket,
    private readonly service: LiveService,
    private readonly log: Logger,
    private readonly backpressure: Backpressure,
    private readonly stats: ConnectionStats,
    /** Who is watching: a liaison gets no drone or officer positions, caller locations or matches. */
    private readonly viewer: Viewer = { roles: ['admin'] },
  ) {
    this.scope = new CaseScope(viewer);
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(1003, 'text frames only');
        return;
      }
      void this.onMessage(String(data));
    });
  }

  /** From the hub: queue everything; nothing is sent until the next flush. */
  accept(batch: LiveBatch): void {
    if (this.state === 'waiting') return;
    for (const e of this.seesPositions ? batch.events : []) this.events.push(e);
    const queued = this.queueCaseItems(batch.caseItems ?? []);
    let replaced = 0;
    for (const p of this.seesPositions ? batch.positions : []) replaced += this.queuePosition(p) ? 1 : 0;
    for (const u of this.seesPositions ? (batch.unitPositions ?? []) : []) replaced += this.queueUnit(u) ? 1 : 0;
    if (replaced) this.stats.coalesced(replaced);
    let covered = 0;
    for (const caseId of batch.coverage ?? []) {
      if (!this.scope.sees(caseId)) continue;
      this.coverage.add(caseId);
      covered++;
    }
    // Events are rare and wanted at once; positions wait for the flush.
    if ((batch.events.length || queued || covered) && this.state === 'live') this.sendEvents();
  }

  /** Send what is queued: every event, and the latest position per drone unless the socket is backed up. */
  flush(): void {
    if (this.state !== 'live' || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > this.backpressure.hardBytes) {
      this.log.warn({ buffered: this.ws.bufferedAmount }, 'live client too slow; closing so it resumes');
      this.ws.close(1013, 'too slow; resume');
      return;
    }
    this.sendEvents();
    if ((this.positions.size || this.units.size) && this.ws.bufferedAmount <= this.backpressure.softBytes) {
      const positions = [...this.positions.values()];
      const units = [...this.units.values()];
      this.positions.clear();
      this.units.clear();
      const seq = Math.max(...positions.map((p) => p.seq), ...units.map((u) => u.seq));
      this.send({ type: 'positions', seq, positions, ...(units.length ? { units } : {}) });
    }
  }

  private sendEvents(): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const events = this.events;
    this.events = [];
    for (const e of events) {
      if (this.sentEvents.has(e.seq)) continue;
      this.rememberEvent(e.seq);
      this.send({ type: 'event', seq: e.seq, event: { kind: 'sighting', sighting: e.sighting } });
    }
    const items = this.caseItems;
    this.caseItems = [];
    for (const item of items) {
      if (this.sentEvents.has(item.seq)) continue;
      this.rememberEvent(item.seq);
      for (const event of item.events) this.send({ type: 'event', seq: item.seq, event });
    }
    // Not numbered in the feed: it brings the client up to no further seq than it has.
    for (const caseId of this.coverage) {
      this.send({ type: 'event', seq: this.lastSeq, event: { kind: 'coverage_changed', caseId } });
    }
    this.coverage.clear();
  }

  /** Drone fixes, sightings, officers' positions and assignments: never for liaisons (http/live-permissions.ts). */
  private get seesPositions(): boolean {
    return hasRole(this.viewer, 'pilot', 'officer', 'commander', 'admin');
  }

  /** Queue what this viewer may see (CaseScope); the number queued. */
  private queueCaseItems(items: readonly CaseFeedItem[]): number {
    let n = 0;
    for (const item of items) {
      let visible = this.scope.filter(item);
      if (visible && !this.seesPositions) {
        const events = visible.events.filter((e) => e.kind !== 'assignment');
        visible = events.length ? { ...visible, events } : undefined;
      }
      if (!visible) continue;
      this.caseItems.push(visible);
      n++;
    }
    return n;
  }

  private queueUnit(u: UnitPosition): boolean {
    const prev = this.units.get(u.unitId);
    if (prev && prev.seq >= u.seq) return true;
    this.units.set(u.unitId, u);
    return prev !== undefined;
  }

  ping(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.send({ type: 'ping', seq: this.lastSeq });
  }

  private queuePosition(p: Position): boolean {
    const prev = this.positions.get(p.droneId);
    if (prev && prev.seq >= p.seq) return true;
    this.positions.set(p.droneId, p);
    return prev !== undefined;
  }

  private rememberEvent(seq: number): void {
    this.sentEvents.add(seq);
    if (this.sentEvents.size > 5000) {
      // Sets iterate in insertion order: drop the oldest half.
      let n = 0;
      for (const s of this.sentEvents) {
        if (n++ > 2500) break;
        this.sentEvents.delete(s);
      }
    }
  }

  private send(message: ServerMessage): void {
    if (message.seq > this.lastSeq) this.lastSeq = message.seq;
    this.ws.send(JSON.stringify(message));
    this.stats.sent(message.type);
  }

  private async onMessage(text: string): Promise<void> {
    let parsed: ClientMessage;
    try {
      parsed = clientMessage.parse(JSON.parse(text));
    } catch {
      this.send({ type: 'error', seq: this.lastSeq, error: { code: 'bad_request', message: 'Unknown message' } });
      return;
    }
    if (parsed.type !== 'resume') return;
    const token = ++this.resumeToken;
    try {
      if (!commands(this.viewer) && hasRole(this.viewer, 'officer', 'pilot') && this.viewer.userId) {
        // His own cases, read before anything is queued (the feed then keeps the set current).
        this.scope = new CaseScope(this.viewer, await this.service.ownCases(this.viewer.userId));
        if (token !== this.resumeToken) return;
      }
      this.state = 'resuming';
      const plan = await this.service.resume(parsed.after);
      if (token !== this.resumeToken || this.ws.readyState !== WebSocket.OPEN) return;
      if (plan.kind === 'snapshot') {
        // The snapshot holds the state of every drone and sighting; queued items are at least as new.
        const message = this.seesPositions
          ? plan.message
          : { ...plan.message, drones: [], sightings: { ...plan.message.sightings, features: [] } };
        this.send(message);
        for (const f of message.sightings.features) this.rememberEvent(f.properties.seq);
      } else {
        for (const e of this.seesPositions ? plan.events : []) {
          if (this.sentEvents.has(e.seq)) continue;
          this.rememberEvent(e.seq);
          this.send({ type: 'event', seq: e.seq, event: { kind: 'sighting', sighting: e.sighting } });
        }
        for (const p of this.seesPositions ? plan.positions : []) this.queuePosition(p);
        this.queueCaseItems(plan.caseItems ?? []);
        if (plan.seq > this.lastSeq) this.lastSeq = plan.seq;
      }
      this.state = 'live';
      this.flush();
    } catch (err) {
      this.log.error({ err }, 'live resume failed');
      this.ws.close(1011, 'resume failed');
    }
  }
}
