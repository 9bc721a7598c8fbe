/** Query parameters that carry a secret: play and push tokens, the media server's hook token, DJI's token. */
const SECRET_PARAMS = new Set(['token', 'hook_token', 'x-auth-token', 'push', 'access_token', 'key']);
/**
 * Capability links whose next path segment is the secret: the caller's location link (/l/), a team's link (/u/),
 * a photo link (/p/), a public alert card (/t/), and the public API behind them.
 */
const TOKEN_PATH = /^(\/(?:l|u|p|t)\/|\/api\/v1\/public\/(?:locate|team|alerts)\/)[^/?#]+/;
/** A play token as a path segment of an external media server's HLS URL (video-tokens.ts: two base64url parts). */
const TOKEN_SEGMENT = /^[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}$/;
/** Headers that authenticate the caller, whatever their value. */
const SECRET_HEADERS = ['cookie', 'authorization', 'x-auth-token'];
const REDACTED = '[redacted]';

/** The URL as the log may show it: every secret above replaced, the rest as the client sent it. */
export function logSafeUrl(url: string): string {
  const q = url.indexOf('?');
  const path = (q === -1 ? url : url.slice(0, q))
    .replace(TOKEN_PATH, `$1${REDACTED}`)
    .split('/')
    .map((segment) => (TOKEN_SEGMENT.test(segment) ? REDACTED : segment))
    .join('/');
  if (q === -1) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name).toLowerCase();
      } catch {
        // A malformed name is logged as sent: it names no secret Lookout knows.
      }
      return eq !== -1 && SECRET_PARAMS.has(decoded) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

interface LoggedRequest {
  url?: string;
  headers?: Record<string, unknown>;
  query?: unknown;
  params?: unknown;
  [key: string]: unknown;
}

/**
 * pino-http's request serializer on top of the standard one: the URL and the media server's `X-Original-URI`
 * without their secrets, the authenticating headers redacted, and no parsed query or route parameters (they would
 * repeat the secrets the URL no longer shows).
 */
export function logSafeRequest(req: LoggedRequest): LoggedRequest {
  const headers = { ...req.headers };
  for (const name of SECRET_HEADERS) if (name in headers) headers[name] = REDACTED;
  const original = headers['x-original-uri'];
  if (typeof original === 'string') headers['x-original-uri'] = logSafeUrl(original);
  const { query: _query, params: _params, ...rest } = req;
  return { ...rest, ...(typeof req.url === 'string' ? { url: logSafeUrl(req.url) } : {}), headers };
}
