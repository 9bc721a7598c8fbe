import type { SendResult } from './channel.ts';
import { vendorCodeOf, vendorMessageOf, type PostAnswer } from './http-post.ts';

export interface VendorCodes {
  /** Codes that mean "try again later" (busy, rate limit). */
  retryable: ReadonlySet<number>;
  /** Codes after which the robot must rest this long (DingTalk 130101: 10 minutes). */
  pauseMs?: ReadonlyMap<number, number>;
  /** Names for the log and the UI. */
  names?: ReadonlyMap<number, string>;
}

/**
 * An HTTP answer as a SendResult: code 0 is success; network errors, 5xx and 429 are transient; the vendor's
 * rate-limit and busy codes are transient; every other vendor code (bad signature, invalid key, keyword
 * missing, bad body) is permanent, because sending the same thing again gives the same answer.
 */
export function interpretAnswer(a: PostAnswer, codes: VendorCodes): SendResult {
  if (a.status === null) {
    return { ok: false, httpStatus: null, vendorCode: null, retryable: true, error: a.error ?? 'network error' };
  }
  const code = vendorCodeOf(a.body);
  const base = { httpStatus: a.status, vendorCode: code };
  if (a.status >= 200 && a.status < 300 && code === 0) return { ok: true, ...base, retryable: false, error: null };
  const name = code === null ? '' : (codes.names?.get(code) ?? '');
  const error = `HTTP ${a.status}${code === null ? '' : ` code ${code}`}${name ? ` (${name})` : ''}${
    vendorMessageOf(a.body) ? `: ${vendorMessageOf(a.body)}` : ''
  }`;
  const pause = code === null ? undefined : codes.pauseMs?.get(code);
  const retryAfterMs = pause ?? a.retryAfterMs;
  const retryable =
    a.status >= 500 ||
    a.status === 429 ||
    (code !== null && (codes.retryable.has(code) || pause !== undefined)) ||
    (code === null && a.status >= 200 && a.status < 300); // a 2xx without a code: an odd proxy, try again
  return { ok: false, ...base, retryable, error, ...(retryAfterMs ? { retryAfterMs } : {}) };
}
