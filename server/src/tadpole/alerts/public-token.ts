import { createHmac } from 'node:crypto';
import { hashLinkToken } from '../../public-links/link-token.ts';

/** Path of the public card page; the token follows. */
export const PUBLIC_CARD_PATH = '/t/';

/**
 * The public card's token: HMAC-SHA256 of the alert id under the server secret (256 bits, base64url, 43
 * characters). The table keeps only its SHA-256, like the location links, but the server can rebuild the URL
 * whenever a channel needs it (the forward kit, an Update) without keeping the token in the clear.
 */
export function publicTokenFor(secretKey: Buffer, alertId: string): string {
  return createHmac('sha256', secretKey).update(`tadpole-card:${alertId}`).digest('base64url');
}

export const publicTokenHash = (token: string): string => hashLinkToken(token);

export function publicCardUrl(secretKey: Buffer, base: string, alertId: string): string {
  return `${base.replace(/\/$/, '')}${PUBLIC_CARD_PATH}${publicTokenFor(secretKey, alertId)}`;
}

/** The one-time token that lets a tipper attach one photo to the tip just posted. */
export function tipUploadToken(secretKey: Buffer, tipId: number): string {
  return createHmac('sha256', secretKey).update(`tadpole-tip-photo:${tipId}`).digest('base64url');
}
