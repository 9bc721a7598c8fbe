import type { z } from 'zod';

/**
 * A response body checked against its schema in @lookout/contracts, so a route test fails the moment the server
 * sends something the web app would not read; returns the parsed body.
 */
export function expectContract<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`the response breaks its contract:\n${issues.join('\n')}`);
  }
  return parsed.data;
}
