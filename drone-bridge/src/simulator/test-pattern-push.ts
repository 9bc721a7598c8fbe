import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from 'pino';

/**
 * A synthetic camera for simulated aircraft: Debian's `ffmpeg` pushing a moving test pattern with the frame number
 * drawn into it, H.264 in FLV over RTMP, in real time. Every push is a child process this module owns: it is killed
 * on `stop()`, and, should the process exit some other way, on Node's `exit`.
 */

/** `ffmpeg` when it runs from PATH, else undefined. */
export function findFfmpeg(): string | undefined {
  try {
    execFileSync('ffmpeg', ['-hide_banner', '-version'], { stdio: 'ignore', timeout: 10_000 });
    return 'ffmpeg';
  } catch {
    return undefined;
  }
}

/** ffmpeg's arguments: 640×360 at 25 fps, a keyframe every 2 s, the frame number top left. */
export function testPatternArgs(url: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=640x360:rate=25',
    '-vf',
    "drawtext=text='%{frame_num}':fontsize=48:fontcolor=white:box=1:boxcolor=black@0.6:x=20:y=20",
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-tune',
    'zerolatency',
    '-pix_fmt',
    'yuv420p',
    '-g',
    '50',
    '-f',
    'flv',
    url,
  ];
}

export interface TestPatternPush {
  /** Ends the push: SIGTERM, then SIGKILL if ffmpeg is still there after 2 s. */
  stop(): Promise<void>;
  readonly pid: number | undefined;
  /** Resolves when ffmpeg has exited, for whatever reason. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const STDERR_KEPT = 4000;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export function startTestPatternPush(ffmpeg: string, url: string, log: Logger): TestPatternPush {
  const child = spawn(ffmpeg, testPatternArgs(url), { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  killAllOnExit();
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null) => {
      live.delete(child);
      resolve({ code, signal, stderr });
    };
    child.once('exit', done);
    child.once('error', (err) => {
      stderr += `\n${err.message}`;
      done(null, null);
    });
  });
  log.info({ pid: child.pid, url: url.replace(/\?.*$/, '?…') }, 'test pattern push started');
  return {
    pid: child.pid,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null || !live.has(child)) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
