import type { z } from 'zod';

/**
 * What a route takes and answers, declared next to its access (`allow(ADMIN, { params, body, response })`) with the
 * schemas of @lookout/contracts. The route walker reads it back for the OpenAPI document (openapi.ts); under test
 * every JSON answer is checked against it (response-check.ts).
 */

/** A body that is not JSON of a schema: a file, CSV, GPX, KML, an image, a page. */
export interface RawContent {
  kind: 'raw';
  /** The media type (`image/*` when the route sends the stored image's own type). */
  contentType: string;
  description: string;
}

/** No body (204). */
export interface NoContent {
  kind: 'empty';
}

export type Content = z.ZodType | RawContent | NoContent;

/** The answers of a route by status; the error statuses share one body (errors.ts) and are not listed. */
export type Responses = Readonly<Partial<Record<number, Content>>>;

export interface RouteContract {
  /** One line for the OpenAPI operation. */
  summary?: string;
  /** Finer rules applied by the service (which rows), shown in the docs. */
  note?: string;
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON body of this schema, or a raw body (a photo). */
  body?: z.ZodType | RawContent;
  /** The success answer (`status`, default 200), or the answers by status. */
  response: Content | Responses;
  /** The status of a single `response` (default 200). */
  status?: number;
}

export const raw = (contentType: string, description: string): RawContent => ({
  kind: 'raw',
  contentType,
  description,
});

export const NO_CONTENT: NoContent = { kind: 'empty' };

export const isSchema = (v: unknown): v is z.ZodType => typeof v === 'object' && v !== null && '_zod' in v;

function isContent(v: unknown): v is Content {
  return isSchema(v) || (typeof v === 'object' && v !== null && 'kind' in v);
}

/** A contract's answers by status. */
export function responsesOf(contract: RouteContract): Map<number, Content> {
  const { response } = contract;
  if (isContent(response)) return new Map([[contract.status ?? 200, response]]);
  return new Map(
    Object.entries(response).flatMap(([status, content]) => (content ? [[Number(status), content] as const] : [])),
  );
}
