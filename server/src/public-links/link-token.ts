import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes (256 bits) as base64url: 43 characters, unguessable, safe in a URL and an SMS. */
export function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps: the token's SHA-256, so a leaked table gives no working link. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Only well-formed tokens reach the database. */
export function isLinkTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
