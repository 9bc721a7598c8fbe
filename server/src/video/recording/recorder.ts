import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { EmbeddedMedia } from '../embedded-media.ts';
import { streamNameOf } from '../stream-names.ts';
import { createSegmentClock } from './flv-segment.ts';
import type { RecordingsRepo } from './recordings.repo.ts';

export interface RecorderOptions {
  media: () => Pick<EmbeddedMedia, 'tap' | 'publishing'> | undefined;
  repo: RecordingsRepo;
  /** `<dataDir>/video`: every file name in `video_recordings` is relative to it. */
  videoDir: string;
  /** All recordings together stay under this (oldest closed segments go first); 0 records nothing. */
  maxBytes: number;
  segmentMs: number;
  segmentBytes: number;
  /** Segments of a case go this many days after it closed (or when its child alert's case file is purged). */
  retentionDays: number;
  /** The drones being recorded now (the stream status's `recording`), kept up to date here. */
  recording: Set<string>;
  log: Logger;
  /** ffmpeg to remux closed segments into MP4 (seekable in browsers); null leaves them FLV. Default: found on PATH. */
  ffmpeg?: string | null;
  pollMs?: number;
  housekeepingMs?: number;
}

interface Segment {
  rowId: Promise<number | undefined>;
  file: string;
  out: fs.WriteStream;
  bytes: number;
  openedAt: number;
  startedAt: Date;
  clock: ReturnType<typeof createSegmentClock>;
  untap: () => void;
  rotating: boolean;
  closed: boolean;
}

interface Recording {
  caseId: string;
  droneId: string;
  stream: string;
  segment: Segment | undefined;
}

/** `2026-11-21T08:00:00.250Z` → `2026-11-21T08-00-00-250Z`: no colons or dots in file names. */
export const safeIso = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

function ffmpegOnPath(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-version'], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

/**
 * Records each drone's stream while the drone is attached to an open case: a subscriber of the broadcast writes
 * the FLV to `<videoDir>/<caseId>/<stream>/<start>.flv`, a new file every `segmentMs` or `segmentBytes` (cut at a
 * key frame; the new subscriber starts with the stream's headers and the current group of pictures, so every
 * file plays on its own), each with its row in `video_recordings`. Closed segments are remuxed to MP4 when ffmpeg
 * is there. Which streams are recorded is settled by `sync()`: on a timer (attachments change in the database,
 * perhaps through another server) and whenever a stream starts or ends.
 */
export function createRecorder(o: RecorderOptions) {
  const log = o.log.child({ module: 'recorder' });
  const active = new Map<string, Recording>();
  const pollMs = o.pollMs ?? 3_000;
  let ffmpeg: string | null = null;
  let remuxQueue: Promise<void> = Promise.resolve();
  let remuxing: ChildProcess | undefined;
  let started = false;
  let stopped = false;
  let timers: NodeJS.Timeout[] = [];
  let syncing: Promise<void> | undefined;
  let again = false;

  const abs = (file: string) => path.join(o.videoDir, file);
  const refreshSet = () => {
    o.recording.clear();
    for (const r of active.values()) if (r.segment) o.recording.add(r.droneId);
  };

  function openSegment(r: Recording): Segment | undefined {
    const media = o.media();
    if (!media) return undefined;
    const t0 = new Date();
    const file = path.join(r.caseId, r.stream, `${safeIso(t0)}.flv`);
    fs.mkdirSync(path.dirname(abs(file)), { recursive: true });
    const out = fs.createWriteStream(abs(file), { flags: 'wx' });
    const seg: Segment = {
      rowId: Promise.resolve(undefined),
      file,
      out,
      bytes: 0,
      openedAt: t0.getTime(),
      startedAt: t0,
      clock: createSegmentClock(),
      untap: () => {},
      rotating: false,
      closed: false,
    };
    out.on('error', (err) => {
      log.error({ err, file }, 'recording write failed; segment closed');
      void closeSegment(r, seg);
    });
    seg.untap = media.tap(r.stream, {
      id: `record-${randomUUID()}`,
      ip: '',
      protocol: 'flv',
      endTime: 0,
      sendBuffer(piece) {
        if (seg.closed) return;
        const { out: bytes, keyFrame } = seg.clock.rewrite(piece);
        seg.out.write(bytes);
        seg.bytes += bytes.length;
        const due = Date.now() - seg.openedAt >= o.segmentMs || seg.bytes >= o.segmentBytes;
        if (due && keyFrame && !seg.rotating) {
          seg.rotating = true;
          // Not inside the broadcast's loop over its subscribers: a subscriber added there would get this frame twice.
          setImmediate(() => rotate(r, seg));
        }
      },
    });
    // The tap replayed the current group of pictures at once: the file starts that much before now.
    seg.startedAt = new Date(t0.getTime() - seg.clock.durationMs());
    seg.rowId = o.repo
      .open({ caseId: r.caseId, droneId: r.droneId, file, startedAt: seg.startedAt })
      .catch((err: unknown) => {
        log.error({ err, file }, 'recording row not written; segment dropped');
        seg.closed = true;
        seg.untap();
        seg.out.end();
        return undefined;
      });
    log.info({ caseId: r.caseId, droneId: r.droneId, file }, 'recording segment opened');
    return seg;
  }

  function rotate(r: Recording, old: Segment): void {
    if (stopped || r.segment !== old || old.closed) return;
    r.segment = openSegment(r);
    void closeSegment(r, old);
  }

  async function closeSegment(r: Recording, seg: Segment): Promise<void> {
    if (seg.closed) return;
    seg.closed = true;
    seg.untap();
    if (r.segment === seg) r.segment = undefined;
    await new Promise<void>((resolve) => seg.out.end(() => resolve()));
    const id = await seg.rowId;
    if (id === undefined) return;
    if (!seg.clock.started()) {
      // Not one picture came (the publisher left as the segment opened): nothing to keep.
      await o.repo.remove(id);
      await removeFile(seg.file);
      return;
    }
    // The media's own length, not the wall clock: a publisher that dropped keeps the stream open for its grace window.
    const endedAt = new Date(seg.startedAt.getTime() + (seg.clock.started() ? seg.clock.durationMs() : 0));
    try {
      await o.repo.close(id, endedAt, seg.bytes);
      log.info({ id, file: seg.file, bytes: seg.bytes }, 'recording segment closed');
      if (ffmpeg) queueRemux(id, seg.file);
      await enforceCap();
    } catch (err) {
      log.error({ err, id }, 'closing a recording segment failed');
    }
  }

  function queueRemux(id: number, file: string): void {
    remuxQueue = remuxQueue.then(() => remux(id, file)).catch((err: unknown) => log.warn({ err, id }, 'remux failed'));
  }

  /** FLV → MP4 without re-encoding, the index at the front (`+faststart`) so a browser seeks at once. */
  async function remux(id: number, file: string): Promise<void> {
    if (stopped || !ffmpeg || !file.endsWith('.flv')) return;
    const mp4 = `${file.slice(0, -4)}.mp4`;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        ffmpeg!,
        [
          '-hide_banner',
          '-loglevel',
          'error',
          '-y',
          '-i',
          abs(file),
          '-c',
          'copy',
          '-movflags',
          '+faststart',
          abs(mp4),
        ],
        { stdio: 'ignore' },
      );
      remuxing = child;
      child.on('error', () => resolve(-1));
      child.on('exit', (c) => resolve(c));
    });
    remuxing = undefined;
    if (code !== 0) {
      await fs.promises.rm(abs(mp4), { force: true });
      if (!stopped) log.warn({ id, file, code }, 'remux to MP4 failed; the FLV stays');
      return;
    }
    const { size } = await fs.promises.stat(abs(mp4));
    if (await o.repo.replaced(id, mp4, size)) await fs.promises.rm(abs(file), { force: true });
    else await fs.promises.rm(abs(mp4), { force: true });
  }

  async function removeFile(file: string): Promise<void> {
    await fs.promises.rm(abs(file), { force: true });
    // Empty drone and case folders go too.
    for (let dir = path.dirname(abs(file)); dir.startsWith(o.videoDir + path.sep); dir = path.dirname(dir)) {
      try {
        await fs.promises.rmdir(dir);
      } catch {
        break;
      }
    }
  }

  /** The oldest closed segments go until everything fits under the cap (the open ones count, at their size now). */
  async function enforceCap(): Promise<void> {
    await flushSizes();
    let total = await o.repo.totalBytes();
    while (total > o.maxBytes) {
      const oldest = await o.repo.oldestClosed(20);
      if (oldest.length === 0) break;
      for (const row of oldest) {
        await o.repo.remove(row.id);
        await removeFile(row.file);
        total -= row.bytes;
        log.warn(
          { id: row.id, caseId: row.caseId, bytes: row.bytes, cap: o.maxBytes },
          'recording deleted: over the cap',
        );
        if (total <= o.maxBytes) break;
      }
    }
  }

  async function purgeExpired(): Promise<void> {
    for (const row of await o.repo.purgeDue(new Date(), o.retentionDays)) {
      await o.repo.remove(row.id);
      await removeFile(row.file);
      log.info({ id: row.id, caseId: row.caseId }, 'recording purged with its case (retention)');
    }
  }

  async function flushSizes(): Promise<void> {
    for (const r of active.values()) {
      const seg = r.segment;
      const id = seg && !seg.closed ? await seg.rowId : undefined;
      if (seg && id !== undefined) await o.repo.grew(id, seg.bytes);
    }
  }

  async function syncOnce(): Promise<void> {
    const media = o.media();
    const publishing = new Set(media?.publishing() ?? []);
    const wanted = new Map<string, { caseId: string; droneId: string }>();
    if (media && o.maxBytes > 0 && !stopped) {
      for (const a of await o.repo.attached()) {
        if (publishing.has(streamNameOf(a.droneId))) wanted.set(`${a.caseId}|${a.droneId}`, a);
      }
    }
    for (const [key, r] of active) {
      if (wanted.has(key)) continue;
      active.delete(key);
      if (r.segment) await closeSegment(r, r.segment);
    }
    for (const [key, a] of wanted) {
      const r = active.get(key) ?? { ...a, stream: streamNameOf(a.droneId), segment: undefined };
      active.set(key, r);
      if (!r.segment) r.segment = openSegment(r);
    }
    refreshSet();
    await flushSizes();
  }

  /** Settle which streams are recorded now; calls while one runs are folded into one more run. */
  function sync(): Promise<void> {
    if (!started) return Promise.resolve();
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      try {
        do {
          again = false;
          await syncOnce();
        } while (again && !stopped);
      } catch (err) {
        log.error({ err }, 'recorder sync failed');
      } finally {
        syncing = undefined;
      }
    })();
    return syncing;
  }

  /** Segments a stopped process left open are closed at their file's last write; FLV ones are remuxed. */
  async function recover(): Promise<void> {
    for (const row of await o.repo.unclosed()) {
      const stat = await fs.promises.stat(abs(row.file)).catch(() => undefined);
      if (!stat) {
        await o.repo.remove(row.id);
        continue;
      }
      await o.repo.close(row.id, new Date(Math.max(stat.mtimeMs, row.startedAt.getTime())), stat.size);
    }
    if (ffmpeg) for (const row of await o.repo.flvClosed()) queueRemux(row.id, row.file);
  }

  return {
    sync,
    async start(): Promise<void> {
      ffmpeg = o.ffmpeg !== undefined ? o.ffmpeg : (await ffmpegOnPath()) ? 'ffmpeg' : null;
      if (!ffmpeg) log.warn('ffmpeg not found: recordings stay FLV (browsers cannot seek in them)');
      await fs.promises.mkdir(o.videoDir, { recursive: true });
      await recover();
      started = true;
      const tick = setInterval(() => void sync(), pollMs);
      const housekeeping = setInterval(() => {
        void enforceCap()
          .then(purgeExpired)
          .catch((err: unknown) => log.error({ err }, 'recording housekeeping failed'));
      }, o.housekeepingMs ?? 60_000);
      tick.unref();
      housekeeping.unref();
      timers = [tick, housekeeping];
      await purgeExpired();
      await sync();
    },
    /** Housekeeping now: the cap and the retention purge. */
    async housekeep(): Promise<void> {
      await enforceCap();
      await purgeExpired();
    },
    async stop(): Promise<void> {
      stopped = true;
      for (const t of timers) clearInterval(t);
      await syncing;
      for (const r of active.values()) if (r.segment) await closeSegment(r, r.segment);
      active.clear();
      refreshSet();
      remuxing?.kill('SIGKILL');
      await remuxQueue;
    },
    /** Where a recording's file is, inside the video folder (undefined for a name that would leave it). */
    pathOf(file: string): string | undefined {
      const p = path.resolve(o.videoDir, file);
      return p.startsWith(path.resolve(o.videoDir) + path.sep) ? p : undefined;
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
