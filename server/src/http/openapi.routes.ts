import type { Express, Router } from 'express';
import { openApiDocument } from '@lookout/contracts';
import { ALL, allow } from './access.ts';
import { buildOpenApi, type OpenApiDocument } from './openapi.ts';
import { listRoutes } from './route-walker.ts';
import { createRouter } from './router.ts';

/** `GET /openapi.json`: the document of the app that serves it, built on the first request. */
export function openApiRoutes(): Router {
  const r = createRouter();
  let document: OpenApiDocument | undefined;
  r.get(
    '/openapi.json',
    allow(ALL, { summary: 'The OpenAPI 3.1 document of this API', response: openApiDocument }),
    (req, res) => {
      document ??= buildOpenApi(listRoutes(req.app as Express));
      res.json(document);
    },
  );
  return r;
}
