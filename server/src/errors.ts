/**
 * The errors a client may see, for any layer to throw: a service refuses with `new AppError('conflict', …)`
 * without knowing about HTTP; the error boundary (http/errors.ts) turns it into the response.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'invalid_credentials'
  | 'forbidden'
  | 'cross_origin'
  | 'not_found'
  | 'conflict'
  | 'callsign_taken'
  | 'gone'
  | 'datum_required'
  | 'bad_coordinate'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  cross_origin: 403,
  not_found: 404,
  conflict: 409,
  callsign_taken: 409,
  gone: 410,
  datum_required: 400,
  bad_coordinate: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** An error the client may see: its code, status and message go out as they are. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    status?: number,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = status ?? statusOf[code];
  }
}
