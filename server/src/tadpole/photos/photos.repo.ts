import { direct, type Database, type Query } from '@lookout/db';
import type { CleanPhoto } from './photo-image.ts';

type Raw = Record<string, unknown>;
const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

export interface PhotoLinkTarget {
  photoId: string;
  alertId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  /** The photo's bytes were purged, or its alert was retracted/purged. */
  withdrawn: boolean;
}

/** The card photo: the alert's latest unpurged photo that is not a tip's. */
const cardPhotoOf = `select p.id from photos p
  where p.alert_id = $1 and p.purged_at is null and not exists (select 1 from tips t where t.photo_id = p.id)
  order by p.created_at desc, p.id desc limit 1`;

export function createPhotosRepo(database: Database) {
  const q = direct(database);
  return {
    async insert(alertId: string, photo: CleanPhoto): Promise<string> {
      const [row] = await q<{ id: string }>(
        `insert into photos (alert_id, mime, bytes, width, height, sha256) values ($1, $2, $3, $4, $5, $6) returning id`,
        [alertId, photo.mime, photo.bytes, photo.width, photo.height, photo.sha256],
      );
      return String(row!.id);
    },

    /** A tip's photo: inserted and attached in one statement; null when the tip already has one. */
    async insertForTip(alertId: string, tipId: number, photo: CleanPhoto): Promise<string | null> {
      const [row] = await q<{ id: string }>(
        `with t as (select id from tips where id = $1 and alert_id = $2 and photo_id is null for update),
              p as (insert into photos (alert_id, mime, bytes, width, height, sha256)
                    select $2, $3, $4, $5, $6, $7 from t returning id),
              u as (update tips set photo_id = p.id from p where tips.id = $1 returning tips.id)
         select p.id from p, u`,
        [tipId, alertId, photo.mime, photo.bytes, photo.width, photo.height, photo.sha256],
      );
      return row ? String(row.id) : null;
    },

    async cardPhotoId(alertId: string): Promise<string | null> {
      const [row] = await q<{ id: string }>(cardPhotoOf, [alertId]);
      return row ? String(row.id) : null;
    },

    async bytes(photoId: string): Promise<{ alertId: string; mime: string; bytes: Buffer | null } | undefined> {
      const [row] = await q<Raw>('select alert_id, mime, bytes from photos where id = $1', [photoId]);
      if (!row) return undefined;
      const b = row.bytes as Buffer | Uint8Array | null;
      return { alertId: String(row.alert_id), mime: String(row.mime), bytes: b ? Buffer.from(b) : null };
    },

    async insertLink(tokenHash: string, photoId: string, expiresAt: Date): Promise<void> {
      await q('insert into photo_links (token_hash, photo_id, expires_at) values ($1, $2, $3)', [
        tokenHash,
        photoId,
        expiresAt.toISOString(),
      ]);
    },

    async linkTarget(tokenHash: string): Promise<PhotoLinkTarget | undefined> {
      const [row] = await q<Raw>(
        `select l.photo_id, p.alert_id, l.expires_at, l.revoked_at,
                (p.purged_at is not null or a.blurred_at is not null or a.purged_at is not null) as withdrawn
           from photo_links l join photos p on p.id = l.photo_id join alerts a on a.id = p.alert_id
          where l.token_hash = $1`,
        [tokenHash],
      );
      if (!row) return undefined;
      return {
        photoId: String(row.photo_id),
        alertId: String(row.alert_id),
        expiresAt: toDate(row.expires_at),
        revokedAt: row.revoked_at ? toDate(row.revoked_at) : null,
        withdrawn: Boolean(row.withdrawn),
      };
    },

    /** Every link to every photo of the alert stops working. */
    async revokeAll(query: Query, alertId: string): Promise<number> {
      const rows = await query(
        `update photo_links set revoked_at = now()
          where revoked_at is null and photo_id in (select id from photos where alert_id = $1) returning token_hash`,
        [alertId],
      );
      return rows.length;
    },

    async purgeAll(query: Query, alertId: string): Promise<number> {
      const rows = await query(
        `update photos set bytes = null, purged_at = now() where alert_id = $1 and purged_at is null returning id`,
        [alertId],
      );
      return rows.length;
    },
  };
}

export type PhotosRepo = ReturnType<typeof createPhotosRepo>;
