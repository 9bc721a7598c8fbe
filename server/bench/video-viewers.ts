/**
 * The HTTP-FLV viewers of bench:video, in their own process so their parsing is not counted as server CPU. Told
 * over IPC how many viewers to hold on which play URLs; reports, per second, each video tag's FLV timestamp and
 * arrival time (a sample of them); on request, the tags each viewer received.
 */
import { flvTagInfo } from '../src/video/flv-viewer.ts';

interface Viewer {
  abort: AbortController;
  tags: number;
}

const viewers: Viewer[] = [];
let samples: { dts: number; at: number }[] = [];

async function view(url: string, v: Viewer): Promise<void> {
  const res = await fetch(url, { signal: v.abort.signal });
  const reader = res.body!.getReader();
  let buf = Buffer.alloc(0);
  let header = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const at = Date.now();
    buf = buf.length ? Buffer.concat([buf, Buffer.from(value)]) : Buffer.from(value);
    if (!header) {
      if (buf.length < 13) continue;
      buf = buf.subarray(13);
      header = true;
    }
    while (buf.length >= 11) {
      const size = buf.readUIntBE(1, 3);
      if (buf.length < 15 + size) break;
      const tag = flvTagInfo(buf.subarray(0, 11 + size));
      if (tag?.type === 9 && !tag.config) {
        v.tags++;
        // Every viewer's every tenth frame: enough samples, little work.
        if (v.tags % 10 === 0) samples.push({ dts: buf.readUIntBE(4, 3) + buf[7]! * 0x1000000, at });
      }
      buf = buf.subarray(15 + size);
    }
  }
}

process.on('message', (m: { viewers: number; urls: string[] } | { stop: true } | { count: true }) => {
  if ('stop' in m) {
    for (const v of viewers) v.abort.abort();
    process.exit(0);
  }
  if ('count' in m) {
    process.send?.({ counted: viewers.map((v) => v.tags) });
    return;
  }
  while (viewers.length > m.viewers) viewers.pop()!.abort.abort();
  while (viewers.length < m.viewers) {
    const v: Viewer = { abort: new AbortController(), tags: 0 };
    viewers.push(v);
    view(m.urls[viewers.length - 1]!, v).catch(() => {});
  }
});

setInterval(() => {
  process.send?.({ samples });
  samples = [];
}, 1000);
