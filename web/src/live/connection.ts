/** The socket's state as the top bar shows it. */
export interface ConnState {
  status: 'connecting' | 'open' | 'closed';
  /** When the status last changed (ms). */
  since: number;
  /** Whether the socket has ever been open in this session. */
  everOpen: boolean;
}

export type ConnLabel =
  | { key: 'conn.connecting' }
  | { key: 'conn.connected' }
  | { key: 'conn.reconnecting' }
  | { key: 'conn.offline'; since: number };

/** After this long without a connection, "正在重连…" becomes "离线 自 HH:MM". */
export const OFFLINE_AFTER_MS = 20_000;

export function connectionLabel(c: ConnState, now: number, offlineAfterMs = OFFLINE_AFTER_MS): ConnLabel {
  if (c.status === 'open') return { key: 'conn.connected' };
  if (now - c.since >= offlineAfterMs) return { key: 'conn.offline', since: c.since };
  if (c.status === 'connecting' && !c.everOpen) return { key: 'conn.connecting' };
  return { key: 'conn.reconnecting' };
}

/** `HH:MM` in local time, 24 h. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
