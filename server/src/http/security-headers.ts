import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';

/** A page built into one HTML file with its script inline (caller page, public card), served under `prefix`. */
export interface InlinePage {
  prefix: string;
  file: string;
}

export interface SecurityHeaderOptions {
  /** The basemaps' http(s) tile templates or .pmtiles URLs: their origins join img-src and connect-src. */
  tileUrls: readonly string[];
  /** VIDEO_PLAY_URL: an external media server's HLS base adds its origin to connect-src (hls.js) and media-src (native HLS). */
  videoPlayUrl?: string | undefined;
  /** Served over TLS: HSTS and upgrade-insecure-requests. */
  tls: boolean;
  inlinePages: readonly InlinePage[];
  /** Path prefixes other sites may embed (expiring photo links shown in group chats): CORP cross-origin. */
  embeddable: readonly string[];
}

/**
 * The CSP source of a tile URL or template: `https://t{0-7}.tianditu.gov.cn/…` → `https://*.tianditu.gov.cn`
 * (CSP takes a wildcard only as the leftmost label), `http://127.0.0.1:8081/{z}/{x}/{y}.png` →
 * `http://127.0.0.1:8081`. Null for a local file name or anything that is not http(s).
 */
export function tileSource(url: string | undefined): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  let u: URL;
  try {
    u = new URL(url.replace(/\{[^}]*\}/g, 'tpl0'));
  } catch {
    return null;
  }
  const labels = u.hostname.split('.');
  const templated = labels.findLastIndex((l) => l.includes('tpl0'));
  if (templated < 0) return u.origin;
  const rest = labels.slice(templated + 1);
  if (rest.length < 2) return null; // `*.com` would open the policy to a whole top-level domain
  return `${u.protocol}//*.${rest.join('.')}${u.port ? `:${u.port}` : ''}`;
}

/** `'sha256-…'` of every inline `<script>` of an HTML page (the ones without `src`). */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\ssrc\s*=/i.test(m[1] ?? '') || m[2] === '') continue;
    out.push(`'sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}'`);
  }
  return out;
}

/** The hashes of one built page, read again only when the file changes (a rebuild while the server runs). */
function pageHashes(file: string): () => string[] {
  let seen = '';
  let hashes: string[] = [];
  return () => {
    try {
      const st = statSync(file);
      const key = `${st.mtimeMs}:${st.size}`;
      if (key !== seen) {
        hashes = inlineScriptHashes(readFileSync(file, 'utf8'));
        seen = key;
      }
    } catch {
      hashes = []; // not built: the route answers a plain-text 503
      seen = '';
    }
    return hashes;
  };
}

const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/**
 * helmet with Lookout's policy: everything from our own origin; MapLibre's workers (`blob:` too), its canvas
 * images (`data:`, `blob:`) and the configured tile server; the live socket; live video's MediaSource (`blob:`) and an
 * external media server's HLS origin; no framing by anyone
 * (`frame-ancestors 'none'` and X-Frame-Options DENY); `nosniff`; the referrer reduced to our origin, which keeps
 * tile keys bound to a domain (天地图) working; HSTS only over TLS. Styles may be inline: MapLibre and the
 * single-file pages set them, and style injection cannot run code. The caller page and the public card carry
 * their one inline script, allowed by its hash.
 */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler[] {
  const tiles = [...new Set(options.tileUrls.map(tileSource).filter((s): s is string => s !== null))];
  const video = options.videoPlayUrl ? new URL(options.videoPlayUrl).origin : null;
  const pages = options.inlinePages.map((p) => ({ prefix: p.prefix, hashes: pageHashes(p.file) }));
  const scriptHashes = (req: IncomingMessage) => {
    const path = (req as Request).path;
    return pages.find((p) => path.startsWith(p.prefix))?.hashes() ?? [];
  };
  const liveSocket = (req: IncomingMessage) => {
    const r = req as Request;
    const host = r.host;
    if (!host || !HOST.test(host)) return '';
    return `${r.protocol === 'https' ? 'wss' : 'ws'}://${host}`;
  };
  const csp = helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      scriptSrc: ["'self'", (req) => scriptHashes(req).join(' ')],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:', ...tiles],
      fontSrc: ["'self'", 'data:'],
      workerSrc: ["'self'", 'blob:'],
      // Live video: mpegts.js and hls.js feed the <video> through Media Source Extensions, whose source is a blob:
      // URL; a browser's native HLS plays an external media server's URL itself.
      mediaSrc: ["'self'", 'blob:', ...(video ? [video] : [])],
      connectSrc: ["'self'", liveSocket, ...tiles, ...(video ? [video] : [])],
      ...(options.tls ? { upgradeInsecureRequests: [] } : {}),
    },
  });
  const others = helmet({
    contentSecurityPolicy: false,
    strictTransportSecurity: options.tls ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  const embeddable: RequestHandler = (req, res, next) => {
    if (options.embeddable.some((p) => req.path.startsWith(p)))
      res.setHeader('cross-origin-resource-policy', 'cross-origin');
    next();
  };
  return [
    csp as (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void,
    others,
    embeddable,
  ] as RequestHandler[];
}
