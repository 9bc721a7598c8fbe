import { OpenApiGeneratorV31, OpenAPIRegistry, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { apiError } from '@lookout/contracts';
import { SESSION_COOKIE } from '../auth/auth.middleware.ts';
import type { Access } from './access.ts';
import { isSchema, responsesOf, type Content, type RouteContract } from './contract.ts';
import type { RegisteredRoute } from './route-walker.ts';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;
type Method = 'get' | 'post' | 'put' | 'delete' | 'patch';
const methods = new Set<string>(['get', 'post', 'put', 'delete', 'patch']);

/** The scheme names of the document's `components.securitySchemes`. */
const SESSION = 'session';
const DJI_TOKEN = 'djiToken';
const bearerScheme = (tokenName: string) => `bearer_${tokenName}`;

/** express `/cases/:id` and `/basemap/{*file}` → OpenAPI `/cases/{id}`, `/basemap/{file}`; and the names. */
export function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const out = path
    .replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
      params.push(name);
      return `{${name}}`;
    })
    .replace(/\{\*([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      params.push(name);
      return `{${name}}`;
    });
  return { path: out, params };
}

function rolesOf(access: Access): readonly string[] {
  switch (access.kind) {
    case 'anyone':
    case 'service_token':
      return [];
    case 'roles':
    case 'dji_token':
      return access.roles;
  }
}

function securityOf(access: Access): Record<string, string[]>[] {
  switch (access.kind) {
    case 'anyone':
      return [];
    case 'service_token':
      return [{ [bearerScheme(access.token.name)]: [] }];
    case 'dji_token':
      return [{ [DJI_TOKEN]: [] }];
    case 'roles':
      return [{ [SESSION]: [] }, ...(access.orToken ? [{ [bearerScheme(access.orToken.name)]: [] }] : [])];
  }
}

function accessText(access: Access): string {
  switch (access.kind) {
    case 'anyone':
      return 'No session needed.';
    case 'service_token':
      return `Only with the bearer token ${access.token.name}.`;
    case 'dji_token':
      return `DJI Pilot 2's \`X-Auth-Token\` of a user with one of the roles: ${access.roles.join(', ')}.`;
    case 'roles':
      return `A session with one of the roles: ${access.roles.join(', ')}${access.orToken ? `, or the bearer token ${access.orToken.name}` : ''}.`;
  }
}

const binary = { type: 'string', format: 'binary' } as const;
/** Every operation's `default` answer: the one error body, once under components. */
const errorBody = apiError.meta({ id: 'ApiError' });

const statusText: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No content', 503: 'Unavailable' };

function response(content: Content, status: number): ResponseConfig {
  const description = statusText[status] ?? String(status);
  if (isSchema(content)) return { description, content: { 'application/json': { schema: content } } };
  if (content.kind === 'empty') return { description: 'No content' };
  return { description: content.description, content: { [content.contentType]: { schema: binary } } };
}

/** Path parameters the contract leaves out (a static mount's file), as strings. */
function pathParams(contract: RouteContract, names: string[]) {
  if (contract.params) return contract.params as z.ZodObject;
  if (!names.length) return undefined;
  return z.object(Object.fromEntries(names.map((n) => [n, z.string()])));
}

function register(registry: OpenAPIRegistry, route: RegisteredRoute): void {
  const method = route.method.toLowerCase();
  const declaration = route.declaration;
  const contract = declaration?.contract;
  if (!methods.has(method) || !declaration || !contract)
    throw new Error(`openapi: ${route.method} ${route.path} has no contract (allow(access, { response, … }))`);
  const { path, params } = openApiPath(route.path);
  const responses: Record<string, ResponseConfig> = {};
  for (const [status, content] of responsesOf(contract)) responses[String(status)] = response(content, status);
  responses.default = { description: 'An error', content: { 'application/json': { schema: errorBody } } };
  const body = contract.body;
  const roles = rolesOf(declaration.access);
  const paramSchema = pathParams(contract, params);
  registry.registerPath({
    method: method as Method,
    path,
    summary: contract.summary ?? `${route.method} ${route.path}`,
    description: [accessText(declaration.access), declaration.note ?? ''].filter(Boolean).join(' '),
    security: securityOf(declaration.access),
    'x-roles': roles,
    request: {
      ...(paramSchema ? { params: paramSchema } : {}),
      ...(contract.query ? { query: contract.query as z.ZodObject } : {}),
      ...(body
        ? {
            body: isSchema(body)
              ? { content: { 'application/json': { schema: body } } }
              : { description: body.description, content: { [body.contentType]: { schema: binary } } },
          }
        : {}),
    },
    responses,
  });
}

/** The OpenAPI 3.1 document of the walked routes (`GET /api/v1/openapi.json`, docs/openapi.json). */
export function buildOpenApi(routes: readonly RegisteredRoute[]): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', SESSION, {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The session cookie `POST /api/v1/auth/login` sets.',
  });
  registry.registerComponent('securitySchemes', DJI_TOKEN, {
    type: 'apiKey',
    in: 'header',
    name: 'X-Auth-Token',
    description: 'The token `POST /api/v1/dji/connect` gives DJI Pilot 2 (also accepted as `?x-auth-token=`).',
  });
  const tokens = new Set<string>();
  for (const r of routes) {
    const access = r.declaration?.access;
    if (access?.kind === 'service_token') tokens.add(access.token.name);
    if (access?.kind === 'roles' && access.orToken) tokens.add(access.orToken.name);
  }
  for (const name of [...tokens].sort())
    registry.registerComponent('securitySchemes', bearerScheme(name), {
      type: 'http',
      scheme: 'bearer',
      description: `The ${name} of the server's configuration.`,
    });
  for (const route of routes) register(registry, route);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Lookout',
      version: '1',
      description:
        'Search-and-rescue coordination. Generated from the contract each route declares next to its access ' +
        '(`allow(…)`, server/src/http/access.ts); `x-roles` lists the roles a route admits.',
    },
  });
}
