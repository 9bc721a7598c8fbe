/** The two variants the server offers: every frame with sound, or key frames only (about one a second), silent. */
export type VideoQuality = 'full' | 'low';

/** The part of the Network Information API we read (Chromium-based browsers; absent elsewhere). */
export interface ConnectionHint {
  effectiveType?: string;
  saveData?: boolean;
}

/**
 * The quality a viewer starts with: the light variant on a weak link (2G/3G as the browser measures it, or the
 * user's data saver), else full. Without the API (Safari, Firefox) nothing is known: full.
 */
export function defaultQuality(connection: ConnectionHint | undefined): VideoQuality {
  if (!connection) return 'full';
  if (connection.saveData) return 'low';
  return connection.effectiveType === 'slow-2g' ||
    connection.effectiveType === '2g' ||
    connection.effectiveType === '3g'
    ? 'low'
    : 'full';
}

/** `navigator.connection` where the browser has it. */
export function browserConnection(): ConnectionHint | undefined {
  return (navigator as Navigator & { connection?: ConnectionHint }).connection;
}
