import { COVERAGE_CHANNEL, LIVE_CHANNEL, type Database } from '@lookout/db';
import type { Logger } from 'pino';
import { completeUpTo, FeedCursor } from './feed-cursor.ts';
import type { LiveRepo } from './live.repo.ts';
import type { LiveBatch } from './live.types.ts';

const READ_LIMIT = 5000;
/** Case ids are UUIDs; a reconnected listener rings with an empty payload. */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface LiveHubOptions {
  repo: LiveRepo;
  database: Pick<Database, 'listen'>;
  log: Logger;
  /** Safety net besides the doorbell: read at least this often (also retries holes). */
  pollMs?: number;
  /** Shortest gap between two reads under a stream of doorbells (they are batched). */
  minGapMs?: number;
}

/**
 * One per server process: listens to the database doorbell, reads what is new above its cursor (plus late
 * commits below it, see FeedCursor) and hands each batch to its subscribers (the sockets).
 */
export class LiveHub {
  private feed: FeedCursor | undefined;
  private readonly subscribers = new Set<{ fn: (batch: LiveBatch) => void; wanted: () => boolean }>();
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private unlisten: (() => Promise<void>) | undefined;
  private unlistenCoverage: (() => Promise<void>) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveHubOptions) {}

  async start(): Promise<void> {
    this.feed = new FeedCursor(await this.options.repo.maxSeq());
    this.unlisten = await this.options.database.listen(LIVE_CHANNEL, () => void this.kick());
    // A case's coverage grew (search-coverage/coverage-announcer.ts): no row to read, the case id is the news.
    this.unlistenCoverage = await this.options.database.listen(COVERAGE_CHANNEL, (payload) => {
      if (!CASE_ID.test(payload)) {
        if (payload)
          this.options.log.warn({ payload: payload.slice(0, 100) }, 'coverage announcement without a case id');
        return;
      }
      this.publish({ positions: [], events: [], coverage: [payload] });
    });
    this.timer = setInterval(() => void this.kick(), this.options.pollMs ?? 1000);
    this.timer.unref();
  }

  /** Everything at or below this seq has been handed out (late commits excepted). */
  get cursor(): number {
    if (!this.feed) throw new Error('LiveHub not started');
    return this.feed.cursor;
  }

  /** `wanted` tells whether the subscriber has anyone to deliver to right now (open sockets). */
  subscribe(fn: (batch: LiveBatch) => void, wanted: () => boolean = () => true): () => void {
    const sub = { fn, wanted };
    this.subscribers.add(sub);
    return () => this.subscribers.delete(sub);
  }

  /** Read now (or right after the read in progress). Resolves when the database has been read. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pump().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Hand rows this process has just committed to the subscribers at once, without waiting for the doorbell's
   * read (which delivers them again: sockets drop an event whose seq they already sent).
   */
  publish(batch: Omit<LiveBatch, 'cursor'>): void {
    if (this.stopped || !this.feed) return;
    const full: LiveBatch = { ...batch, cursor: this.feed.cursor };
    for (const sub of this.subscribers) {
      try {
        sub.fn(full);
      } catch (err) {
        this.options.log.error({ err }, 'live subscriber failed');
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.unlisten?.().catch(() => undefined);
    await this.unlistenCoverage?.().catch(() => undefined);
    this.subscribers.clear();
  }

  private async pump(): Promise<void> {
    do {
      this.again = false;
      try {
        // Nobody listening: skip the rows, keep the cursor current (a resume reads the database itself).
        if (this.subscribers.size === 0 || ![...this.subscribers].some((s) => s.wanted())) {
          this.feed = new FeedCursor(await this.options.repo.maxSeq());
          return;
        }
        if (await this.readOnce())
          this.again = true; // a limit was hit: more is waiting
        else if (this.again) await new Promise((r) => setTimeout(r, this.options.minGapMs ?? 25));
      } catch (err) {
        this.options.log.warn({ err }, 'live feed read failed; retrying on the next doorbell');
        return;
      }
    } while (this.again && !this.stopped);
  }

  /** One read of every live table; true when a table hit its limit. */
  private async readOnce(): Promise<boolean> {
    const feed = this.feed!;
    const { repo } = this.options;
    const after = feed.cursor;
    const holes = feed.openHoles();
    const fixes = await repo.fixSeqsAfter(after, READ_LIMIT);
    const sightings = await repo.sightingsAfter(after, READ_LIMIT);
    const caseSeqs = await repo.caseEventSeqsAfter(after, READ_LIMIT);
    const lateFixes = await repo.fixSeqsIn(holes);
    const lateSightings = await repo.sightingsIn(holes);
    const lateCase = await repo.caseEventSeqsIn(holes);

    const boundary = completeUpTo(after, [
      { seqs: fixes.map((f) => f.seq), limited: fixes.length === READ_LIMIT },
      { seqs: sightings.map((s) => s.seq), limited: sightings.length === READ_LIMIT },
      { seqs: caseSeqs, limited: caseSeqs.length === READ_LIMIT },
    ]);
    const newFixes = fixes.filter((f) => f.seq <= boundary);
    const newSightings = sightings.filter((s) => s.seq <= boundary);
    feed.advance(
      [...newFixes.map((f) => f.seq), ...newSightings.map((s) => s.seq), ...caseSeqs.filter((s) => s <= boundary)],
      boundary,
      [...lateFixes.map((f) => f.seq), ...lateSightings.map((s) => s.seq), ...lateCase],
    );

    // Sockets coalesce positions per drone anyway: read full rows only for the newest fix of each drone.
    const newest = new Map<string, number>();
    for (const f of [...lateFixes, ...newFixes]) {
      if ((newest.get(f.droneId) ?? -1) < f.seq) newest.set(f.droneId, f.seq);
    }
    const positions = (await repo.fixesIn([...newest.values()])).sort((a, b) => a.seq - b.seq);
    const events = [...lateSightings, ...newSightings];
    const { items: caseItems, unitPositions } = await repo.caseFeedIn([
      ...lateCase,
      ...caseSeqs.filter((s) => s <= boundary),
    ]);
    if (positions.length || events.length || caseItems.length || unitPositions.length) {
      if (lateFixes.length || lateSightings.length) {
        this.options.log.debug({ late: lateFixes.length + lateSightings.length }, 'late commits delivered');
      }
      const batch: LiveBatch = { positions, events, caseItems, unitPositions, cursor: boundary };
      for (const sub of this.subscribers) {
        try {
          sub.fn(batch);
        } catch (err) {
          this.options.log.error({ err }, 'live subscriber failed');
        }
      }
    }
    return fixes.length === READ_LIMIT || sightings.length === READ_LIMIT || caseSeqs.length === READ_LIMIT;
  }
}
