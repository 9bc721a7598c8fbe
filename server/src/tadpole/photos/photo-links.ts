import type { Database } from '@lookout/db';
import { hashLinkToken, isLinkTokenShaped, newLinkToken } from '../../public-links/link-token.ts';
import { AppError } from '../../errors.ts';
import { createPhotosRepo } from './photos.repo.ts';

/** Path of the photo links; the token follows. */
export const PHOTO_LINK_PATH = '/p/';

interface Cached {
  photoId: string;
  url: string;
  expiresAtMs: number;
}
/** Links handed out recently, reused while more than half their life remains (a card view must not add a row). */
const recent = new Map<string, Cached>();

/**
 * An expiring, revocable URL to the alert's card photo, or null when it has none or the alert was retracted or
 * purged. The token is random (≥ 256 bits); the table keeps its SHA-256 (server/src/public-links/link-token.ts).
 */
export async function photoUrlFor(
  database: Database,
  alertId: string,
  publicUrl: string,
  ttlHours: number,
): Promise<string | null> {
  const repo = createPhotosRepo(database);
  const [state] = await database.query<{ withdrawn: boolean }>(
    'select (blurred_at is not null or purged_at is not null) as withdrawn from alerts where id = $1',
    [alertId],
  );
  if (!state || state.withdrawn) return null;
  const photoId = await repo.cardPhotoId(alertId);
  if (!photoId) return null;
  const base = publicUrl.replace(/\/$/, '');
  const key = `${alertId}|${base}|${ttlHours}`;
  const now = Date.now();
  const ttlMs = ttlHours * 3_600_000;
  const hit = recent.get(key);
  if (hit && hit.photoId === photoId && hit.expiresAtMs - now > ttlMs / 2) return hit.url;
  const token = newLinkToken();
  const expiresAt = new Date(now + ttlMs);
  await repo.insertLink(hashLinkToken(token), photoId, expiresAt);
  const url = `${base}${PHOTO_LINK_PATH}${token}`;
  recent.set(key, { photoId, url, expiresAtMs: expiresAt.getTime() });
  if (recent.size > 10_000) recent.clear();
  return url;
}

/** The photo behind a link: 404 unknown or forged, 410 expired, revoked, or withdrawn with its alert. */
export async function photoByLink(
  database: Database,
  token: string,
  now: Date = new Date(),
): Promise<{ mime: string; bytes: Buffer }> {
  const repo = createPhotosRepo(database);
  const target = isLinkTokenShaped(token) ? await repo.linkTarget(hashLinkToken(token)) : undefined;
  if (!target) throw new AppError('not_found', 'No such photo link');
  if (target.revokedAt) throw new AppError('gone', 'This photo link was withdrawn', { reason: 'revoked' });
  if (target.withdrawn) throw new AppError('gone', 'This photo was withdrawn', { reason: 'withdrawn' });
  if (target.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('gone', 'This photo link has expired', { reason: 'expired' });
  }
  const photo = await repo.bytes(target.photoId);
  if (!photo?.bytes) throw new AppError('gone', 'This photo was withdrawn', { reason: 'purged' });
  return { mime: photo.mime, bytes: photo.bytes };
}
