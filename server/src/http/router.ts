import { Router } from 'express';

/**
 * Every router of the server: paths match exactly as written, letter case and trailing slash included, so
 * `/API/V1/DRONES` or `/api/v1/drones/` never reach the handler (and its access rule) of `/api/v1/drones`.
 * The route walker refuses a router made otherwise.
 */
export function createRouter(): Router {
  return Router({ caseSensitive: true, strict: true });
}
