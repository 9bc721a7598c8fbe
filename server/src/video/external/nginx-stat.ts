import { XMLParser } from 'fast-xml-parser';
import { VIDEO_APP } from '../stream-names.ts';

/** One publishing stream as nginx-rtmp's `rtmp_stat all` page shows it. */
export interface NginxStreamStat {
  stream: string;
  /** Bytes received from the publisher since the stream began: it stops growing when the drone stops sending. */
  bytesIn: number;
  width: number | null;
  height: number | null;
  codec: string | null;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  // One server, application or stream is an object to the parser, several an array: always an array here.
  isArray: (name) => ['server', 'application', 'stream'].includes(name),
  parseTagValue: true,
});

const positive = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

/**
 * The publishing streams of Lookout's RTMP application in nginx-rtmp's statistics XML. Throws on a document that is
 * not that page (another server's page, an HTML error page), so a misconfigured URL is said, not read as "no
 * streams".
 */
export function parseNginxRtmpStat(xml: string): Map<string, NginxStreamStat> {
  const doc = parser.parse(xml) as { rtmp?: { server?: { application?: unknown[] }[] } };
  if (!doc || typeof doc !== 'object' || !doc.rtmp || typeof doc.rtmp !== 'object')
    throw new Error('not an nginx-rtmp statistics page (no <rtmp> root)');
  const out = new Map<string, NginxStreamStat>();
  for (const server of doc.rtmp.server ?? []) {
    for (const app of (server?.application ?? []) as { name?: unknown; live?: { stream?: unknown[] } }[]) {
      if (String(app?.name) !== VIDEO_APP) continue;
      for (const s of (app.live?.stream ?? []) as Record<string, unknown>[]) {
        if (s?.publishing === undefined || s.name === undefined) continue;
        const video = ((s.meta as { video?: Record<string, unknown> } | undefined)?.video ?? {}) as Record<
          string,
          unknown
        >;
        const codec = video.codec;
        out.set(String(s.name), {
          stream: String(s.name),
          bytesIn: Number(s.bytes_in) || 0,
          width: positive(video.width),
          height: positive(video.height),
          codec: typeof codec === 'string' && codec ? codec : null,
        });
      }
    }
  }
  return out;
}

export interface NginxStatPoller {
  stop(): void;
}

/**
 * Reads nginx-rtmp's statistics page every `everyMs` and hands the publishing streams to `observe`. A failed read
 * (nginx down, a refused or wrong URL, a page that is not the statistics) goes to `failed` and the next tick tries
 * again: the callbacks still say which streams run, only the stall watch waits.
 */
export function startNginxStatPoller(options: {
  url: string;
  everyMs?: number;
  observe(streams: Map<string, NginxStreamStat>, at: number): void;
  failed(err: Error): void;
}): NginxStatPoller {
  const everyMs = options.everyMs ?? 1_000;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    try {
      const res = await fetch(options.url, { signal: AbortSignal.timeout(Math.max(2_000, everyMs)) });
      if (!res.ok) throw new Error(`HTTP ${res.status} from ${options.url}`);
      const text = await res.text();
      if (!stopped) options.observe(parseNginxRtmpStat(text), Date.now());
    } catch (err) {
      if (!stopped) options.failed(err instanceof Error ? err : new Error(String(err)));
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), everyMs);
      timer.unref();
    }
  };
  void tick();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
