import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import type { AuditEntry, AuditRepo } from './audit.repo.ts';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Route parameters that are secrets (public card / caller link tokens): never written to the log. */
const SECRET_PARAMS = new Set(['token']);

/**
 * The route pattern of a request (`/api/v1/cases/:id`), as recorded by the matched route's `allow()` rather than
 * `req.route`: after an error leaves a nested router, express has already restored `req.baseUrl` and `req.params`.
 */
export function routePattern(req: Request): string | undefined {
  return req.matchedRoute?.pattern;
}

function safeParams(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  const params = req.matchedRoute?.params ?? {};
  for (const [k, v] of Object.entries(params)) if (!SECRET_PARAMS.has(k)) out[k] = v.slice(0, 100);
  return out;
}

/**
 * Reads that go to the audit log: a caller's phone number (a case's `reporterPhone`). The response body is
 * inspected so a case without a phone, or a refused read, leaves no entry.
 */
const sensitiveReads: Record<string, (body: unknown, req: Request) => Omit<AuditEntry, 'actorId' | 'remoteAddr'>[]> = {
  '/api/v1/cases/:id': (body) => {
    const c = (body as { case?: { id?: unknown; reporterPhone?: unknown } } | null)?.case;
    return c && typeof c.reporterPhone === 'string' && c.reporterPhone
      ? [{ action: 'caller_phone_read', targetType: 'case', targetId: String(c.id), detail: {} }]
      : [];
  },
  '/api/v1/cases': (body) => {
    const cases = (body as { cases?: { id?: unknown; reporterPhone?: unknown }[] } | null)?.cases ?? [];
    const ids = cases.filter((c) => typeof c.reporterPhone === 'string' && c.reporterPhone).map((c) => String(c.id));
    return ids.length
      ? [{ action: 'caller_phone_list_read', targetType: 'case', targetId: null, detail: { caseIds: ids } }]
      : [];
  },
};

function writeEntry(req: Request, res: Response, pattern: string | undefined): AuditEntry {
  const params = safeParams(req);
  const username = (req.body as { username?: unknown } | undefined)?.username;
  return {
    actorId: req.user?.id ?? null,
    action: `${req.method} ${pattern ?? 'unmatched'}`,
    targetType: pattern ? (pattern.replace(/^\/api\/v1/, '').split('/')[1] ?? 'route') : 'route',
    targetId: params.id ?? null,
    remoteAddr: req.ip ?? null,
    detail: {
      status: res.statusCode,
      ...(Object.keys(params).length ? { params } : {}),
      ...(pattern ? {} : { path: req.path.slice(0, 200) }),
      ...(req.id ? { requestId: String(req.id) } : {}),
      // Who tried to sign in (never the password).
      ...(pattern === '/api/v1/auth/login' && typeof username === 'string' ? { username: username.slice(0, 64) } : {}),
      ...(req.user ? { roles: req.user.roles } : {}),
    },
  };
}

/**
 * Who, what, when, from where: every non-GET request (its route pattern, status, actor, address and target ids)
 * and the sensitive reads above. Written after the response is sent; a failed write is logged and counted.
 */
export function auditTrail(repo: AuditRepo, log: Logger, failures: Counter): RequestHandler {
  return (req, res, next) => {
    const isWrite = !READ_METHODS.has(req.method);
    let captured: unknown;
    if (!isWrite) {
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        captured = body;
        return json(body);
      };
    }
    res.on('finish', () => {
      const pattern = routePattern(req);
      const entries: AuditEntry[] = [];
      if (isWrite) entries.push(writeEntry(req, res, pattern));
      else if (pattern && res.statusCode < 300 && captured !== undefined) {
        const read = sensitiveReads[pattern];
        for (const e of read ? read(captured, req) : []) {
          entries.push({ ...e, actorId: req.user?.id ?? null, remoteAddr: req.ip ?? null });
        }
      }
      for (const e of entries) {
        repo.write(e).catch((err: unknown) => {
          failures.inc();
          log.error({ err, action: e.action }, 'audit write failed');
        });
      }
    });
    next();
  };
}
