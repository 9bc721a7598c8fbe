import type { AppConfig, Drone, FeatureCollection, SightingFeature, TrackFeature, User } from './api-types.ts';
import i18n from './i18n.ts';
import type { Dock } from '@lookout/contracts';

/**
 * What the user reads for an error code: the locale's `errors.<code>` (with the error's details, e.g. the
 * callsign, as its values), else a sentence with the HTTP status. The server's English message is for logs.
 */
export function errorText(code: string, status: number, details?: unknown): string {
  const values = details && typeof details === 'object' && !Array.isArray(details) ? details : {};
  return i18n.t(`errors.${code}`, {
    ...values,
    defaultValue: i18n.t(status === 0 ? 'errors.network' : 'errors.http', { status }),
  });
}

/**
 * An error answer of the API (`{"error":{"code","message","details"}}`) or a network failure. Its
 * `message` is in the user's language (from the code); `serverMessage` keeps what the server said.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly serverMessage: string,
    readonly details?: unknown,
  ) {
    super(errorText(code, status, details));
    this.name = 'ApiError';
  }
}

let onUnauthorized: (() => void) | null = null;
/** Called when any request answers 401 (the session ran out): the app goes back to the login page. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

/** Tells the app its session is gone (used by the live socket, which cannot see the 401 of its upgrade). */
export function notifyUnauthorized(): void {
  onUnauthorized?.();
}

/** A JSON request to the API; with `contentType`, `body` is text sent as it is (a CSV file). */
export async function request<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': contentType ?? 'application/json' },
      body: body === undefined ? undefined : contentType ? String(body) : JSON.stringify(body),
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    if (res.status === 401 && path !== '/auth/login' && path !== '/auth/me') onUnauthorized?.();
    throw new ApiError(
      res.status,
      e?.code ?? `http_${res.status}`,
      e?.message ?? (res.statusText || 'error'),
      e?.details,
    );
  }
  return json as T;
}

export const api = {
  login: (username: string, password: string) => request<{ user: User }>('POST', '/auth/login', { username, password }),
  logout: () => request<void>('POST', '/auth/logout'),
  me: () => request<{ user: User }>('GET', '/auth/me'),
  config: () => request<AppConfig>('GET', '/config'),
  drones: () => request<{ drones: Drone[] }>('GET', '/drones'),
  docks: () => request<{ docks: Dock[] }>('GET', '/docks'),
  registerDrone: (callsign: string) =>
    request<{ id: string; callsign: string; mqtt: { url: string; username: string; password: string } }>(
      'POST',
      '/drones',
      { callsign },
    ),
  resetDroneCredentials: (id: string) =>
    request<{ id: string; callsign: string; mqtt: { url: string; username: string; password: string } }>(
      'POST',
      `/drones/${encodeURIComponent(id)}/reset-credentials`,
    ),
  renameDrone: (id: string, callsign: string) =>
    request<{ id: string; callsign: string; previous: string }>('PATCH', `/drones/${encodeURIComponent(id)}`, {
      callsign,
    }),
  disableDrone: (id: string) =>
    request<{ id: string; disabled: true }>('POST', `/drones/${encodeURIComponent(id)}/disable`),
  tracks: () => request<FeatureCollection<TrackFeature>>('GET', '/tracks'),
  sightings: () => request<FeatureCollection<SightingFeature>>('GET', '/sightings'),
  setSightingStatus: (id: string, status: 'confirmed' | 'dismissed') =>
    request<SightingFeature>('PATCH', `/sightings/${encodeURIComponent(id)}`, { status }),
};
