/** The socket's state as the top bar shows it. */
export interface ConnState {
  status: 'connecting' | 'open' | 'closed';
  /** When the status last changed (ms). */
  since: number;
  /** Whether the socket has ever been open in this session. */
  everOpen: boolean;
  /** Since when the browser says it has no network (ms), or null while it has. */
  browserOfflineSince?: number | null;
}

export type ConnLabel =
  | { key: 'conn.connecting' }
  | { key: 'conn.connected' }
  | { key: 'conn.reconnecting' }
  | { key: 'conn.offline'; since: number };

/** After this long without a connection, "正在重连…" becomes "离线 自 HH:MM". */
export const OFFLINE_AFTER_MS = 20_000;
/** The server pings every 20 s: an open socket silent this long is dead (a cut network often closes nothing). */
export const SILENT_AFTER_MS = 45_000;

/**
 * The one connection state of the page, for the top bar and every other place that shows it: the browser's own
 * "no network" wins at once, an open socket that has gone silent is reconnecting, else the socket's state.
 */
export function connectionLabel(
  c: ConnState,
  now: number,
  lastMessageAt: number | null = null,
  offlineAfterMs = OFFLINE_AFTER_MS,
): ConnLabel {
  if (c.browserOfflineSince != null) return { key: 'conn.offline', since: c.browserOfflineSince };
  if (c.status === 'open') {
    const silent = lastMessageAt !== null && now - Math.max(lastMessageAt, c.since) > SILENT_AFTER_MS;
    return silent ? { key: 'conn.reconnecting' } : { key: 'conn.connected' };
  }
  if (now - c.since >= offlineAfterMs) return { key: 'conn.offline', since: c.since };
  if (c.status === 'connecting' && !c.everOpen) return { key: 'conn.connecting' };
  return { key: 'conn.reconnecting' };
}
