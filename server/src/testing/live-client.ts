import { serverMessage, type ServerMessage } from '@lookout/contracts';
import { WebSocket } from 'ws';
import type { Harness } from './harness.ts';

export interface LiveClient {
  messages: ServerMessage[];
  /** The first message (already received or to come) that matches. */
  waitFor(pred: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  close(): void;
}

/** A live socket with a session cookie, resumed from `after` (null: snapshot). */
export async function liveClient(h: Harness, cookie: string, after: number | null = null): Promise<LiveClient> {
  const ws = new WebSocket(`${h.base.replace('http', 'ws')}/api/v1/live`, { headers: { cookie } });
  const messages: ServerMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    // Every message the server sends must match the live contract the web app parses it with.
    messages.push(serverMessage.parse(JSON.parse(String(data))));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'resume', after }));
  return {
    messages,
    waitFor: (pred, timeoutMs = 10_000) =>
      new Promise<ServerMessage>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `timed out; got ${JSON.stringify(messages.map((m) => [m.type, m.type === 'event' ? m.event.kind : '']))}`,
              ),
            ),
          timeoutMs,
        );
        const check = () => {
          const m = messages.find(pred);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          } else waiters.push(check);
        };
        check();
      }),
    close: () => ws.close(),
  };
}

/** Poll until `fn` gives a value (or time out). */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('eventually: timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
