/**
 * The team page's link to the server on a weak network: its steps (出发 / 到达 / 找到 / 撤回) go out one by one in
 * the order tapped, its positions in batches; each keeps the idempotency key it was made with, so a retry after a
 * lost answer never counts twice. One request at a time; a failure waits 1 s, 2 s, 4 s … (30 s at most, or the
 * server's Retry-After) before the next try. ES2015 and XMLHttpRequest only: old Android WebViews run it.
 */
import { classifyStatus, newKey, retryDelayMs, type Outcome } from '../caller/post-queue.ts';
import type { Step } from './team-steps.ts';

export interface PositionPost {
  lon: number;
  lat: number;
  accuracy: number;
  t: number;
  idempotencyKey: string;
}

export interface QueuedStep {
  status: Step;
  idempotencyKey: string;
  tappedAt: string;
}

export type LinkState = 'loading' | 'online' | 'retrying' | 'gone' | 'unknown';

export interface SyncEvents {
  /** A view of the assignment arrived (GET) or a step was stored. */
  onView(body: unknown): void;
  onStepStored(step: QueuedStep, body: unknown): void;
  onStepRefused(step: QueuedStep): void;
  onState(state: LinkState, attempts: number): void;
}

/** At most this many positions wait; the oldest go first when a long outage fills the queue. */
const MAX_POSITIONS = 50;

export function request(
  method: 'GET' | 'POST',
  url: string,
  body: unknown,
  done: (status: number, text: string) => void,
): void {
  const xhr = new XMLHttpRequest();
  xhr.open(method, url, true);
  if (body !== undefined) xhr.setRequestHeader('content-type', 'application/json');
  xhr.timeout = 20000;
  let finished = false;
  const end = () => {
    if (finished) return;
    finished = true;
    done(xhr.status, xhr.responseText);
  };
  xhr.onload = end;
  xhr.onerror = end;
  xhr.ontimeout = end;
  xhr.onabort = end;
  xhr.send(body === undefined ? null : JSON.stringify(body));
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function retryAfterMs(text: string): number {
  const body = parse(text) as { error?: { details?: { retryAfterS?: number } } } | null;
  const s = body?.error?.details?.retryAfterS;
  return typeof s === 'number' && s > 0 ? s * 1000 : 0;
}

type Job = { kind: 'step'; step: QueuedStep } | { kind: 'positions'; batch: PositionPost[] } | { kind: 'view' };

export class TeamSync {
  readonly steps: QueuedStep[] = [];
  positions: PositionPost[] = [];
  private busy = false;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private viewWanted = true;
  stopped = false;

  constructor(
    private readonly base: string,
    private readonly events: SyncEvents,
  ) {}

  get queued(): number {
    return this.steps.length + this.positions.length;
  }

  addStep(status: Step): void {
    this.steps.push({ status, idempotencyKey: newKey(), tappedAt: new Date().toISOString() });
    this.pump();
  }

  addPosition(p: Omit<PositionPost, 'idempotencyKey'>): void {
    this.positions.push({ ...p, idempotencyKey: newKey() });
    if (this.positions.length > MAX_POSITIONS) this.positions.splice(0, this.positions.length - MAX_POSITIONS);
  }

  /** Send the waiting positions now (called every few seconds). */
  flushPositions(): void {
    this.pump();
  }

  /** Read the view again now; a retry waiting out its back-off goes now too (the network may be back). */
  refresh(): void {
    this.viewWanted = true;
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
  }

  private next(): Job | null {
    if (this.steps.length) return { kind: 'step', step: this.steps[0]! };
    if (this.viewWanted) return { kind: 'view' };
    if (this.positions.length) return { kind: 'positions', batch: this.positions.slice(0, MAX_POSITIONS) };
    return null;
  }

  private pump(): void {
    if (this.busy || this.stopped || this.timer !== null) return;
    const job = this.next();
    if (!job) return;
    this.busy = true;
    const done = (status: number, text: string) => {
      this.busy = false;
      this.answer(job, status, text);
    };
    if (job.kind === 'view') request('GET', this.base, undefined, done);
    else if (job.kind === 'step') request('POST', `${this.base}/status`, job.step, done);
    else request('POST', `${this.base}/positions`, { positions: job.batch }, done);
  }

  private answer(job: Job, status: number, text: string): void {
    const outcome: Outcome = status === 409 ? 'drop' : classifyStatus(status);
    if (outcome === 'gone' || outcome === 'unknown_link') {
      this.stop();
      this.events.onState(outcome === 'gone' ? 'gone' : 'unknown', 0);
      return;
    }
    if (outcome === 'retry') {
      this.attempts++;
      this.events.onState('retrying', this.attempts);
      const wait = Math.max(retryDelayMs(this.attempts), status === 429 ? retryAfterMs(text) : 0);
      this.timer = setTimeout(() => {
        this.timer = null;
        this.pump();
      }, wait);
      return;
    }
    this.attempts = 0;
    this.events.onState('online', 0);
    if (job.kind === 'view') {
      this.viewWanted = false;
      if (outcome === 'stored') this.events.onView(parse(text));
    } else if (job.kind === 'step') {
      this.steps.shift();
      if (outcome === 'stored') this.events.onStepStored(job.step, parse(text));
      else this.events.onStepRefused(job.step);
      // The step changed the assignment: read it back.
      this.viewWanted = true;
    } else {
      const sent = job.batch.length;
      this.positions.splice(0, sent);
    }
    this.pump();
  }
}
