import type { Express } from 'express';
import { declarationOf, type Declaration } from './access.ts';

export interface RegisteredRoute {
  method: string;
  path: string;
  /** `route` for get/post/…; `mount` for static files served under a mount path (`<mount>/{*file}`). */
  kind: 'route' | 'mount';
  /** The route's `allow()`; absent when the route has none as its first handler. */
  declaration?: Declaration;
}

interface LayerLike {
  route?: { path?: unknown; stack?: unknown };
  handle?: { stack?: unknown; caseSensitive?: unknown; strict?: unknown };
  rawPath?: unknown;
  method?: string;
  name?: string;
}

function joinPaths(prefix: string, path: string): string {
  if (path === '/' || path === '') return prefix || '/';
  return `${prefix.replace(/\/$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
}

function layerPaths(raw: unknown, where: string): string[] {
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return list.map((p) => {
    if (typeof p !== 'string') throw new Error(`route walker: ${where} has a non-string path (${String(p)})`);
    return p;
  });
}

/** Each method of a route with the first handler registered for it (`.all()` handlers count for every method). */
function routeMethods(stack: LayerLike[]): Map<string, LayerLike> {
  const first = new Map<string, LayerLike>();
  for (const layer of stack) {
    if (!layer.method || layer.method === '_all') continue;
    const m = layer.method.toUpperCase();
    if (!first.has(m)) first.set(m, layer);
  }
  return first;
}

/**
 * Every route registered on an express 5 app (router 2.x) with its access declaration: walks `app.router.stack`,
 * descending into nested routers through `layer.handle.stack` with their mount paths (`layer.rawPath`). Static
 * files count as a route when an `allow()` sits right before them on the same mount path. Throws on what it cannot
 * read (a RegExp path, a router without `rawPath`) and on a router that is not case-sensitive and strict
 * (router.ts), rather than skipping it silently.
 */
export function listRoutes(app: Express): RegisteredRoute[] {
  const root = (app as unknown as { router?: { stack?: unknown } }).router?.stack;
  if (!Array.isArray(root)) throw new Error('route walker: app.router.stack not found (not express 5?)');
  if (!app.enabled('case sensitive routing') || !app.enabled('strict routing'))
    throw new Error('route walker: the app must set "case sensitive routing" and "strict routing"');
  const out: RegisteredRoute[] = [];
  const walk = (stack: LayerLike[], prefix: string) => {
    stack.forEach((layer, i) => {
      if (layer.route) {
        const stackOf = Array.isArray(layer.route.stack) ? (layer.route.stack as LayerLike[]) : [];
        for (const path of layerPaths(layer.route.path, 'a route'))
          for (const [method, first] of routeMethods(stackOf)) {
            const declaration = declarationOf(first.handle);
            out.push({
              method,
              path: joinPaths(prefix, path),
              kind: 'route',
              ...(declaration ? { declaration } : {}),
            });
          }
        return;
      }
      const nested = layer.handle?.stack;
      if (Array.isArray(nested)) {
        const paths = layerPaths(layer.rawPath, `router ${layer.name ?? '?'}`);
        if (layer.handle?.caseSensitive !== true || layer.handle.strict !== true)
          throw new Error(`route walker: the router at ${paths.join(', ')} is not made by createRouter()`);
        for (const path of paths) walk(nested as LayerLike[], joinPaths(prefix, path));
        return;
      }
      // Plain middleware passes requests on to the routes after it, except static files served under a mount.
      if (layer.name === 'serveStatic') {
        const before = stack[i - 1];
        const declaration = before ? declarationOf(before.handle) : undefined;
        const guarded = declaration && String(before?.rawPath) === String(layer.rawPath);
        for (const path of layerPaths(layer.rawPath, 'static files'))
          out.push({
            method: 'GET',
            path: joinPaths(joinPaths(prefix, path), '{*file}'),
            kind: 'mount',
            ...(guarded ? { declaration } : {}),
          });
      }
    });
  };
  walk(root as LayerLike[], '');
  return out;
}

/** `METHOD /path` of every route without an `allow()` as its first handler. */
export function undeclaredRoutes(routes: readonly RegisteredRoute[]): string[] {
  return routes.filter((r) => !r.declaration).map((r) => `${r.method} ${r.path}`);
}

/** `METHOD /path` of every route whose `allow()` declares no contract (what it takes and answers). */
export function routesWithoutContract(routes: readonly RegisteredRoute[]): string[] {
  return routes.filter((r) => !r.declaration?.contract).map((r) => `${r.method} ${r.path}`);
}

/**
 * At start: a route nobody declared access for is a build error, not an open door; nor is one that declares no
 * contract (what it takes and answers), which the OpenAPI document and the answer checks need.
 */
export function assertEveryRouteDeclared(app: Express): RegisteredRoute[] {
  const routes = listRoutes(app);
  const missing = undeclaredRoutes(routes);
  if (missing.length)
    throw new Error(
      `Routes without an access declaration (put allow(…) first, see server/src/http/access.ts): ${missing.join(', ')}`,
    );
  const uncontracted = routesWithoutContract(routes);
  if (uncontracted.length)
    throw new Error(
      `Routes without a contract (allow(access, { response, … }), see server/src/http/contract.ts): ${uncontracted.join(', ')}`,
    );
  return routes;
}
