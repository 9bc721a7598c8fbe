import { advance, type Speed } from './replay-clock.ts';

/**
 * The replay's playback, outside React: a requestAnimationFrame loop moves the time and calls the frame
 * listeners (map sources, slider, clock text), which write to MapLibre and the DOM directly. React hears only
 * play/pause/speed changes (`onState`), never a frame.
 */
export interface PlayerState {
  playing: boolean;
  speed: Speed;
}

type FrameFn = (t: number) => void;
type StateFn = (s: PlayerState) => void;

/** How many frames' figures the test hook keeps (about 30 s at 60 fps). */
const KEEP = 2000;

export interface FrameStats {
  /** Wall time between consecutive frames while playing (ms). */
  intervals: number[];
  /** Time spent in the frame listeners of one frame (ms): the replay's own cost per frame. */
  costs: number[];
}

export class Player {
  t = 0;
  private state: PlayerState = { playing: false, speed: 10 };
  private frameFns = new Set<FrameFn>();
  private stateFns = new Set<StateFn>();
  private raf = 0;
  private last = 0;
  readonly stats: FrameStats = { intervals: [], costs: [] };

  constructor(readonly durationMs: number) {}

  get playing(): boolean {
    return this.state.playing;
  }

  get speed(): Speed {
    return this.state.speed;
  }

  onFrame(fn: FrameFn): () => void {
    this.frameFns.add(fn);
    fn(this.t);
    return () => this.frameFns.delete(fn);
  }

  onState(fn: StateFn): () => void {
    this.stateFns.add(fn);
    return () => this.stateFns.delete(fn);
  }

  /** Jump to t (clamped to the window) and draw it. */
  seek(t: number): void {
    this.t = Math.min(this.durationMs, Math.max(0, t));
    this.draw();
  }

  play(): void {
    if (this.state.playing) return;
    if (this.t >= this.durationMs) this.t = 0;
    this.setState({ playing: true });
    this.last = performance.now();
    this.raf = requestAnimationFrame(this.tick);
  }

  pause(): void {
    if (!this.state.playing) return;
    cancelAnimationFrame(this.raf);
    this.setState({ playing: false });
  }

  setSpeed(speed: Speed): void {
    this.setState({ speed });
  }

  destroy(): void {
    cancelAnimationFrame(this.raf);
    this.frameFns.clear();
    this.stateFns.clear();
  }

  private tick = (now: number) => {
    const dt = now - this.last;
    this.last = now;
    push(this.stats.intervals, dt);
    this.t = advance(this.t, dt, this.state.speed, this.durationMs);
    push(this.stats.costs, this.draw());
    if (this.t >= this.durationMs) {
      this.setState({ playing: false });
      return;
    }
    this.raf = requestAnimationFrame(this.tick);
  };

  /** Calls the frame listeners; returns the time they took. */
  private draw(): number {
    const start = performance.now();
    for (const fn of this.frameFns) fn(this.t);
    return performance.now() - start;
  }

  private setState(patch: Partial<PlayerState>): void {
    this.state = { ...this.state, ...patch };
    for (const fn of this.stateFns) fn(this.state);
  }
}

function push(xs: number[], x: number): void {
  xs.push(x);
  if (xs.length > KEEP) xs.splice(0, xs.length - KEEP);
}
