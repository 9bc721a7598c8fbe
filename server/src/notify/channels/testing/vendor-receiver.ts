import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the vendors, checking each request the way the vendor documents it and answering with
 * the vendor's own codes (tests and bench:fanout; never product code):
 *  - WeCom  POST /cgi-bin/webhook/send?key=K: text ≤ 2048 bytes, markdown ≤ 4096, image base64 + md5 ≤ 2 MB;
 *    20/min per robot → 45009; unknown key → 93000.
 *  - DingTalk POST /robot/send?access_token=T[&timestamp&sign]: 加签 recomputed (HMAC-SHA256 keyed by the secret
 *    over `timestamp\nsecret`, Base64), timestamp (ms) within 1 h, else 310000; > 20/min → 130101 and the robot
 *    stays throttled for 10 minutes.
 *  - Feishu POST /open-apis/bot/v2/hook/T: body ≤ 20 KB; `sign` = Base64(HMAC-SHA256 keyed by `timestamp\nsecret`
 *    over ""), timestamp (s) within 1 h, else 19021; > 5/s or > 100/min → 11232.
 *  - SMS gateway POST /sms/send: `{ref,to,text}`, `ratePerSecond` → 429.
 * Limits are sliding windows over the receive times, as a vendor counting "per minute" would.
 */
export interface Robot {
  channel: 'wecom' | 'dingtalk' | 'feishu';
  token: string;
  secret?: string;
}

export interface Received {
  at: number;
  channel: Robot['channel'] | 'sms';
  token: string;
  body: Record<string, unknown>;
  /** The answer's vendor code (0 = accepted). */
  code: number;
  /** A header or query value the test wants to see (e.g. the DingTalk timestamp). */
  extra?: Record<string, string>;
}

export interface VendorReceiver {
  url: string;
  /** Base URLs to give the delivery module as its vendor bases. */
  bases: { wecom: string[]; dingtalk: string[]; feishu: string[] };
  smsUrl: string;
  addRobot(r: Robot): string;
  /** Every request, accepted or not. */
  log: Received[];
  /** Accepted messages per robot token (the "group received it" count). */
  accepted(token: string): Received[];
  /** The next `n` requests to this token (or '*') get this answer instead. */
  failNext(token: string, n: number, kind: 'http500' | 'ratelimit' | 'badsign'): void;
  /** Hold every request unanswered and uncounted, as a vendor that never got it (until `release`). */
  blackhole(on: boolean): void;
  /** Extra latency per request (ms). */
  latencyMs: number;
  close(): Promise<void>;
}

const MINUTE = 60_000;

function windowCount(times: number[], now: number, windowMs: number): number {
  let n = 0;
  for (let i = times.length - 1; i >= 0 && times[i]! > now - windowMs; i--) n++;
  return n;
}

export async function startVendorReceiver(
  options: { smsRatePerSecond?: number; now?: () => number } = {},
): Promise<VendorReceiver> {
  const now = options.now ?? Date.now;
  const robots = new Map<string, Robot>();
  const sent = new Map<string, number[]>(); // accepted send times per robot, for the rate limits
  const throttledUntil = new Map<string, number>();
  const faults = new Map<string, { n: number; kind: 'http500' | 'ratelimit' | 'badsign' }>();
  const held = new Set<ServerResponse>();
  const log: Received[] = [];
  let hole = false;

  const take = (token: string, rules: { max: number; windowMs: number }[]) => {
    const t = now();
    const times = sent.get(token) ?? [];
    if (rules.some((r) => windowCount(times, t, r.windowMs) + 1 > r.max)) return false;
    times.push(t);
    if (times.length > 500) times.splice(0, times.length - 500);
    sent.set(token, times);
    return true;
  };

  const fault = (token: string) => {
    const f = faults.get(token) ?? faults.get('*');
    if (!f || f.n <= 0) return undefined;
    f.n--;
    return f.kind;
  };

  function json(res: ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json' }).end(text);
  }

  function wecom(url: URL, body: Record<string, unknown>, res: ServerResponse) {
    const token = url.searchParams.get('key') ?? '';
    const answer = (code: number, msg: string) => {
      log.push({ at: now(), channel: 'wecom', token, body, code });
      json(res, 200, { errcode: code, errmsg: msg });
    };
    if (robots.get(token)?.channel !== 'wecom') return answer(93000, 'invalid webhook url');
    const f = fault(token);
    if (f === 'http500') return json(res, 500, { errcode: -1, errmsg: 'system busy' });
    if (f === 'ratelimit') return answer(45009, 'api freq out of limit');
    if (body.msgtype === 'text') {
      const content = (body.text as { content?: unknown } | undefined)?.content;
      if (typeof content !== 'string' || !content) return answer(44004, 'empty content');
      if (Buffer.byteLength(content, 'utf8') > 2048) return answer(40058, 'content exceed max length 2048 bytes');
    } else if (body.msgtype === 'markdown') {
      const content = (body.markdown as { content?: unknown } | undefined)?.content;
      if (typeof content !== 'string' || Buffer.byteLength(content, 'utf8') > 4096)
        return answer(40058, 'markdown content invalid');
    } else if (body.msgtype === 'image') {
      const img = body.image as { base64?: unknown; md5?: unknown } | undefined;
      if (typeof img?.base64 !== 'string' || typeof img.md5 !== 'string')
        return answer(40058, 'image needs base64 and md5');
      const bytes = Buffer.from(img.base64, 'base64');
      if (bytes.length > 2 * 1024 * 1024) return answer(40009, 'invalid image size');
      if (createHash('md5').update(bytes).digest('hex') !== img.md5) return answer(40058, 'image md5 mismatch');
    } else {
      return answer(40008, 'invalid message type');
    }
    if (!take(token, [{ max: 20, windowMs: MINUTE }])) return answer(45009, 'api freq out of limit');
    answer(0, 'ok');
  }

  function dingtalk(url: URL, body: Record<string, unknown>, res: ServerResponse) {
    const token = url.searchParams.get('access_token') ?? '';
    const ts = url.searchParams.get('timestamp') ?? '';
    const answer = (code: number, msg: string) => {
      log.push({ at: now(), channel: 'dingtalk', token, body, code, extra: { timestamp: ts } });
      json(res, 200, { errcode: code, errmsg: msg });
    };
    const robot = robots.get(token);
    if (robot?.channel !== 'dingtalk') return answer(300001, 'token is not exist');
    const f = fault(token);
    if (f === 'http500') return json(res, 502, { errcode: -1, errmsg: 'system busy' });
    if ((throttledUntil.get(token) ?? 0) > now()) return answer(130101, 'send too fast, exceed 20 times per minute');
    if (robot.secret) {
      const sign = url.searchParams.get('sign') ?? ''; // URLSearchParams has already URL-decoded it
      const expected = createHmac('sha256', robot.secret).update(`${ts}\n${robot.secret}`).digest('base64');
      if (f === 'badsign' || !/^\d{13}$/.test(ts) || Math.abs(now() - Number(ts)) > 3_600_000 || sign !== expected) {
        return answer(310000, 'sign not match');
      }
    }
    if (body.msgtype !== 'markdown' && body.msgtype !== 'text') return answer(40035, 'msgtype not supported');
    if (body.msgtype === 'markdown') {
      const md = body.markdown as { title?: unknown; text?: unknown } | undefined;
      if (typeof md?.title !== 'string' || typeof md.text !== 'string' || !md.text)
        return answer(40035, 'markdown needs title and text');
    }
    if (f === 'ratelimit' || !take(token, [{ max: 20, windowMs: MINUTE }])) {
      throttledUntil.set(token, now() + 10 * MINUTE);
      return answer(130101, 'send too fast, exceed 20 times per minute');
    }
    answer(0, 'ok');
  }

  function feishu(url: URL, raw: Buffer, body: Record<string, unknown>, res: ServerResponse) {
    const token = url.pathname.split('/').pop() ?? '';
    const answer = (code: number, msg: string, status = 200) => {
      log.push({ at: now(), channel: 'feishu', token, body, code });
      json(res, status, code === 0 ? { code: 0, msg: 'success', data: {} } : { code, msg, data: {} });
    };
    const robot = robots.get(token);
    if (robot?.channel !== 'feishu') return answer(19001, 'param invalid: incoming webhook access token invalid', 400);
    if (raw.length > 20 * 1024) return answer(9499, 'Bad Request: request body exceeds 20 KB', 400);
    const f = fault(token);
    if (f === 'http500') return json(res, 503, { code: 9499, msg: 'service unavailable' });
    if (robot.secret) {
      const ts = String(body.timestamp ?? '');
      const expected = createHmac('sha256', `${ts}\n${robot.secret}`).update('').digest('base64');
      if (
        f === 'badsign' ||
        !/^\d{10}$/.test(ts) ||
        Math.abs(now() / 1000 - Number(ts)) > 3600 ||
        body.sign !== expected
      ) {
        return answer(19021, 'sign match fail or timestamp is not within one hour from current time', 400);
      }
    }
    if (body.msg_type !== 'post' && body.msg_type !== 'text' && body.msg_type !== 'interactive')
      return answer(19002, 'msg_type invalid', 400);
    if (
      f === 'ratelimit' ||
      !take(token, [
        { max: 5, windowMs: 1000 },
        { max: 100, windowMs: MINUTE },
      ])
    ) {
      return answer(11232, 'frequency limited psm[lark.oapi.app_platform_runtime]appID[…]', 200);
    }
    answer(0, 'success');
  }

  function sms(body: Record<string, unknown>, res: ServerResponse) {
    const token = 'sms';
    const ok =
      Array.isArray(body.to) && body.to.length > 0 && typeof body.text === 'string' && typeof body.ref === 'string';
    const rate = options.smsRatePerSecond ?? 10;
    let code = 0;
    if (!ok) code = 400;
    else if (!take(token, [{ max: rate, windowMs: 1000 }])) code = 429;
    log.push({ at: now(), channel: 'sms', token: String(body.ref ?? ''), body, code });
    if (code === 429) res.setHeader('retry-after', '1');
    json(res, code || 200, code ? { code, message: code === 429 ? 'rate limited' : 'bad request' } : { code: 0 });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    if (hole) {
      held.add(res);
      return;
    }
    if (receiver.latencyMs > 0) await new Promise((r) => setTimeout(r, receiver.latencyMs));
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return json(res, 400, { errcode: 40001, code: 9499, errmsg: 'invalid json' });
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method !== 'POST') return json(res, 405, {});
    if (url.pathname === '/cgi-bin/webhook/send') return wecom(url, body, res);
    if (url.pathname === '/robot/send') return dingtalk(url, body, res);
    if (url.pathname.startsWith('/open-apis/bot/v2/hook/')) return feishu(url, raw, body, res);
    if (url.pathname === '/sms/send') return sms(body, res);
    json(res, 404, {});
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const receiver: VendorReceiver = {
    url: base,
    bases: {
      wecom: [`${base}/cgi-bin/webhook/send`],
      dingtalk: [`${base}/robot/send`],
      feishu: [`${base}/open-apis/bot/v2/hook/`],
    },
    smsUrl: `${base}/sms/send`,
    addRobot(r) {
      robots.set(r.token, r);
      if (r.channel === 'wecom') return `${base}/cgi-bin/webhook/send?key=${r.token}`;
      if (r.channel === 'dingtalk') return `${base}/robot/send?access_token=${r.token}`;
      return `${base}/open-apis/bot/v2/hook/${r.token}`;
    },
    log,
    accepted: (token) => log.filter((l) => l.token === token && l.code === 0),
    failNext(token, n, kind) {
      faults.set(token, { n, kind });
    },
    blackhole(on) {
      hole = on;
      if (!on) {
        // The held requests never reached the vendor: drop their connections.
        for (const res of held) res.socket?.destroy();
        held.clear();
      }
    },
    latencyMs: 0,
    async close() {
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return receiver;
}
