import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import {
  permanent,
  type ChannelAdapter,
  type GroupCredentials,
  type OutgoingMessage,
  type SendResult,
} from './channel.ts';
import { postJson } from './http-post.ts';
import { truncateUtf8 } from './utf8.ts';

/**
 * SMS to a liaison roster through a gateway. Aliyun and Tencent SMS need an approved signature and template and
 * an account key, so Lookout speaks one small HTTP interface that a deployment's gateway implements:
 *   POST <SMS gateway URL>  {"ref":"delivery-123","to":["13800001111",…],"text":"…"}  (Authorization: Bearer …)
 *   → 2xx {"code":0}; 429 / 5xx = try later (Retry-After honoured); any other answer = permanent.
 * One request carries the whole roster (Tencent takes ≤ 200 numbers per request), so the gateway's rate is in
 * requests. Without a gateway URL the embedded default writes JSON lines to a file: "SMS sink, not sent".
 */
export const SMS_MAX_CHARS = 480; // Tencent: ≤ 500 characters including the 【signature】.

export type SmsGateway = { kind: 'http'; url: string; token?: string } | { kind: 'sink'; file: string };

export const SMS_SINK_NOTE = 'SMS sink, not sent';

export function smsText(m: OutgoingMessage): string {
  // Characters, not bytes, count for SMS; 4 bytes per character is the worst case of UTF-8.
  const keep = m.lines.filter((l) => l.keep).map((l) => l.text);
  const rest = m.lines.filter((l) => !l.keep).map((l) => l.text);
  const fixed = keep.join('\n');
  const room = SMS_MAX_CHARS - [...fixed].length - 1;
  const middle = room > 8 ? [...rest.join('，')].slice(0, room).join('') : '';
  return [keep[0], middle, ...keep.slice(1)]
    .filter(Boolean)
    .join('\n')
    .slice(0, SMS_MAX_CHARS * 2);
}

export function smsAdapter(options: { gateway: SmsGateway; timeoutMs: number; log: Logger }): ChannelAdapter {
  const { gateway } = options;
  return {
    channel: 'sms',
    messageCount: () => 1,
    robotKey: () => 'sms:gateway',
    async send(m: OutgoingMessage, c: GroupCredentials): Promise<SendResult> {
      const to = c.phones ?? [];
      if (!to.length) return permanent('no phones in the roster');
      const text = smsText(m);
      const ref = m.ref ?? `delivery-${m.deliveryId}`;
      if (gateway.kind === 'sink') {
        try {
          const line = { at: new Date().toISOString(), ref, to, text, note: SMS_SINK_NOTE };
          await mkdir(path.dirname(gateway.file), { recursive: true });
          await appendFile(gateway.file, `${JSON.stringify(line)}\n`, 'utf8');
        } catch (err) {
          return {
            ok: false,
            httpStatus: null,
            vendorCode: null,
            retryable: true,
            // The error's code only: its message carries the server's file path, which is no business of a browser.
            error: `SMS sink: ${(err as NodeJS.ErrnoException).code ?? 'write failed'}`,
          };
        }
        options.log.warn(
          { ref, phones: to.length, file: gateway.file },
          `${SMS_SINK_NOTE}: written to the outbox file`,
        );
        return {
          ok: true,
          httpStatus: null,
          vendorCode: null,
          retryable: false,
          error: null,
          // The file is named in the log above; the note reaches the liaison's phone.
          note: SMS_SINK_NOTE,
        };
      }
      const a = await postJson(
        gateway.url,
        { ref, to, text },
        {
          timeoutMs: options.timeoutMs,
          ...(gateway.token ? { headers: { authorization: `Bearer ${gateway.token}` } } : {}),
        },
      );
      if (a.status === null)
        return { ok: false, httpStatus: null, vendorCode: null, retryable: true, error: a.error ?? 'network' };
      const code = typeof a.body?.code === 'number' ? a.body.code : null;
      if (a.status >= 200 && a.status < 300 && (code === 0 || code === null)) {
        return { ok: true, httpStatus: a.status, vendorCode: code, retryable: false, error: null };
      }
      const retryable = a.status === 429 || a.status >= 500;
      const msg = typeof a.body?.message === 'string' ? `: ${truncateUtf8(a.body.message, 200)}` : '';
      return {
        ok: false,
        httpStatus: a.status,
        vendorCode: code,
        retryable,
        error: `SMS gateway HTTP ${a.status}${msg}`,
        ...(a.retryAfterMs ? { retryAfterMs: a.retryAfterMs } : {}),
      };
    },
  };
}
