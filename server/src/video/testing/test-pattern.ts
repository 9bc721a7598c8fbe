import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A synthetic drone stream for tests and the benchmark: Debian's ffmpeg pushes a test pattern over RTMP with two
 * rows of black/white blocks drawn into the top of every picture — the frame number (16 bits) and the wall-clock
 * millisecond the frame was made (low 24 bits) — and the frame number in figures below them. A viewer reads the
 * blocks back (`readPatternBlocks`) to check that frames advance and how late they are shown.
 */
export const FRAME_BITS = 16;
export const CLOCK_BITS = 24;
export const ROW_HEIGHT = 16;

export interface PatternOptions {
  url: string;
  width?: number;
  height?: number;
  fps?: number;
  /** Video bitrate in kbit/s. */
  kbps?: number;
  /** Seconds between key frames. */
  gopS?: number;
  /** Stop after this many seconds (default: until killed). */
  seconds?: number;
}

function blocks(bits: number, y: number, enable: (k: number) => string): string[] {
  return Array.from(
    { length: bits },
    (_, k) => `drawbox=x=${k}*iw/${bits}:y=${y}:w=iw/${bits}:h=${ROW_HEIGHT}:color=white:t=fill:enable='${enable(k)}'`,
  );
}

export function patternFilter(): string {
  return [
    // Frame times become wall-clock milliseconds, so `t` below is the moment the frame was made.
    'settb=1/1000',
    'setpts=RTCTIME/1000',
    `drawbox=x=0:y=0:w=iw:h=${2 * ROW_HEIGHT}:color=black:t=fill`,
    ...blocks(FRAME_BITS, 0, (k) => `mod(floor(n/${2 ** k}),2)`),
    ...blocks(CLOCK_BITS, ROW_HEIGHT, (k) => `mod(floor(t*1000/${2 ** k}),2)`),
    `drawtext=text='%{frame_num}':x=20:y=${3 * ROW_HEIGHT}:fontsize=h/8:fontcolor=white:box=1:boxcolor=black@0.6`,
    'setpts=PTS-STARTPTS',
  ].join(',');
}

export function pushTestPattern(o: PatternOptions): {
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
} {
  const fps = o.fps ?? 25;
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${o.width ?? 640}x${o.height ?? 360}:rate=${fps}`,
    ...(o.seconds ? ['-t', String(o.seconds)] : []),
    '-vf',
    patternFilter(),
    '-fps_mode',
    'passthrough',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    `${o.kbps ?? 800}k`,
    '-maxrate',
    `${o.kbps ?? 800}k`,
    '-bufsize',
    `${Math.round((o.kbps ?? 800) / 2)}k`,
    '-g',
    String(Math.round(fps * (o.gopS ?? 1))),
    '-f',
    'flv',
    o.url,
  ];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.on('error', () => resolve(-1));
  });
  return {
    child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    get stderr() {
      return stderr;
    },
  } as { child: ChildProcess; exited: Promise<number | null>; stop(): Promise<void> };
}

/** Reads the two rows back from a picture's luma (`lumaAt(x, y)` 0..255): the frame number and the clock bits. */
export function readPatternBlocks(
  width: number,
  lumaAt: (x: number, y: number) => number,
): { frame: number; clockMs: number } {
  const row = (bits: number, y: number) => {
    let v = 0;
    for (let k = 0; k < bits; k++) if (lumaAt(Math.floor(((k + 0.5) * width) / bits), y) > 128) v += 2 ** k;
    return v;
  };
  return { frame: row(FRAME_BITS, ROW_HEIGHT / 2), clockMs: row(CLOCK_BITS, ROW_HEIGHT + ROW_HEIGHT / 2) };
}

/** How late a frame made at `clockMs` (low 24 bits of its wall-clock ms) is seen at `nowMs`. */
export function latencyMs(clockMs: number, nowMs: number): number {
  const span = 2 ** CLOCK_BITS;
  return ((((nowMs % span) - clockMs) % span) + span) % span;
}
