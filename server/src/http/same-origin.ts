import type { Request, RequestHandler } from 'express';
import { match } from 'path-to-regexp';
import type { Counter } from 'prom-client';
import { AppError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A route whose body is not JSON (a photo as the raw body), and the exact content types it takes. */
export interface RawBodyRoute {
  method: string;
  /** Express syntax, e.g. `/api/v1/tadpole/alerts/:id/photos`. */
  path: string;
  types: readonly string[];
}

export interface SameOriginOptions {
  /** PUBLIC_URL: the origin browsers see when a reverse proxy changes the Host header. */
  publicUrl: string | undefined;
  rawBodyRoutes: readonly RawBodyRoute[];
  rejected: Counter<'reason'>;
}

export type CrossOriginReason = 'cross_origin' | 'cross_site' | 'content_type';

function originOf(url: string): string | null {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}

/** This server's own origins for the request: what the client addressed (Host, or X-Forwarded-* when trusted) and PUBLIC_URL. */
function ownOrigins(req: Request, publicOrigin: string | null): string[] {
  const out: string[] = [];
  if (publicOrigin) out.push(publicOrigin);
  // express 5: req.host keeps the port, and follows X-Forwarded-Host only with 'trust proxy'.
  const here = req.host ? originOf(`${req.protocol}://${req.host}`) : null;
  if (here) out.push(here);
  return out;
}

/** Has the request a body? `content-length: 0` (what browsers send for an empty POST) is none. */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length.trim() !== '0';
}

function mediaType(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Why a state-changing request must be refused, or null. A browser names the page that sent a request in
 * `Origin` (every non-GET request in current browsers) and `Sec-Fetch-Site`: another origin — another port or a
 * sibling subdomain too, which `SameSite=Lax` cookies do not stop — is refused. A body must be JSON (or, on a
 * raw-body route, one of its exact types): the content types a page of another origin may send without a CORS
 * preflight (form, multipart, text/plain) never pass, so a client without `Origin` (curl, a server) is held to
 * the same rule.
 */
export function crossOriginReason(
  req: Request,
  publicOrigin: string | null,
  rawTypes: (req: Request) => readonly string[] | undefined,
): CrossOriginReason | null {
  if (SAFE_METHODS.has(req.method)) return null;
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return 'cross_site';
  const origin = req.headers.origin;
  if (origin !== undefined) {
    const given = originOf(origin);
    if (!given || !ownOrigins(req, publicOrigin).includes(given)) return 'cross_origin';
  }
  if (hasBody(req)) {
    const type = mediaType(req);
    const json = type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
    if (!json && !rawTypes(req)?.includes(type)) return 'content_type';
  }
  return null;
}

/** The guard in front of every route: refuses what `crossOriginReason` names, counted per reason. */
export function sameOriginWrites(options: SameOriginOptions): RequestHandler {
  const publicOrigin = options.publicUrl ? originOf(options.publicUrl) : null;
  const raw = options.rawBodyRoutes.map((r) => ({ ...r, matches: match(r.path, { decode: false }) }));
  const rawTypes = (req: Request) => raw.find((r) => r.method === req.method && r.matches(req.path))?.types;
  return (req, _res, next) => {
    const reason = crossOriginReason(req, publicOrigin, rawTypes);
    if (!reason) {
      next();
      return;
    }
    options.rejected.inc({ reason });
    if (reason === 'content_type') {
      const allowed = ['application/json', ...(rawTypes(req) ?? [])];
      throw new AppError('unsupported_media_type', `Send the body as ${allowed.join(' or ')}`, {
        reason,
        allowed,
      });
    }
    throw new AppError('cross_origin', 'State-changing requests must come from Lookout’s own pages', { reason });
  };
}
