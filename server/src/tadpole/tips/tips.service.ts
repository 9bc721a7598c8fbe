import { createHash, timingSafeEqual } from 'node:crypto';
import type { Counter } from 'prom-client';
import { ZodError } from 'zod';
import type { SessionUser } from '../../auth/auth.repo.ts';
import { toWgs84 } from '@lookout/contracts';
import { AppError } from '../../errors.ts';
import { RateWindow } from '../../public-links/rate-window.ts';
import type { AlertRow, AlertsRepo } from '../alerts/alerts.repo.ts';
import { publicTokenHash, tipUploadToken } from '../alerts/public-token.ts';
import { appendEvent } from '../events.repo.ts';
import { cleanPhoto } from '../photos/photo-image.ts';
import type { PhotosRepo } from '../photos/photos.repo.ts';
import type { RejectReason } from '../tadpole-metrics.ts';
import type { Query } from '@lookout/db';
import type { TipCluster, TipsRepo, TipView } from './tips.repo.ts';
import { tipBody } from '@lookout/contracts';
import { isLinkTokenShaped } from '../../public-links/link-token.ts';

/** Tips within this distance of each other are shown as one group. */
export const TIP_CLUSTER_EPS_M = 150;

export interface TipsDeps {
  repo: TipsRepo;
  alerts: Pick<AlertsRepo, 'byTokenHash' | 'get'>;
  photos: Pick<PhotosRepo, 'insertForTip'>;
  query: Query;
  secretKey: Buffer;
  /** Accepted tips per sender address and alert per 10 minutes (and photo uploads per address and alert). */
  perAddressPer10Min: number;
  photoMaxBytes: number;
  rejected: Counter<'reason'>;
  now: () => Date;
}

const senderHash = (ip: string) => createHash('sha256').update(`tadpole-tip:${ip}`).digest('hex');

/** Tips from the public card page (no account) and the staff's view of them. */
export function createTipsService(deps: TipsDeps) {
  const budget = { max: deps.perAddressPer10Min, windowS: 600 };
  const photoPerAddress = new RateWindow(deps.perAddressPer10Min, 600_000);

  function refuse(reason: RejectReason, err: AppError): AppError {
    deps.rejected.inc({ reason });
    return err;
  }

  /** The alert behind a public token that still takes tips: 404 unknown/draft, 410 retracted or closed. */
  async function openAlert(token: string): Promise<AlertRow> {
    const alert = isLinkTokenShaped(token) ? await deps.alerts.byTokenHash(publicTokenHash(token)) : undefined;
    if (!alert || alert.status === 'draft') throw new AppError('not_found', 'No such alert');
    if (alert.retractedAt || alert.purgedAt) {
      throw refuse('tip_closed', new AppError('gone', 'This alert was withdrawn', { reason: 'retracted' }));
    }
    if (alert.status !== 'active') {
      throw refuse('tip_closed', new AppError('gone', 'This child has been found', { reason: alert.status }));
    }
    return alert;
  }

  return {
    /**
     * A tip: the token, the body, then the sender's budget on this alert. The budget counts accepted tips only
     * (tips.repo.ts), so many honest callers behind one carrier address are not refused for someone's typo, a
     * forged link or a server fault; refusals stay cheap (no write) and are counted by reason.
     */
    async post(token: string, raw: unknown, ip: string) {
      const who = senderHash(ip);
      const alert = await openAlert(token);
      let body;
      try {
        body = tipBody.parse(raw);
      } catch (err) {
        if (err instanceof ZodError) deps.rejected.inc({ reason: 'tip_bad_body' });
        throw err;
      }
      const now = deps.now();
      const seenAt = body.seenAt ? new Date(body.seenAt) : now;
      if (seenAt.getTime() > now.getTime() + 5 * 60_000) {
        throw refuse('tip_bad_body', new AppError('bad_request', 'seenAt is in the future'));
      }
      if (seenAt.getTime() < new Date(alert.seenAt).getTime() - 86_400_000) {
        throw refuse(
          'tip_bad_body',
          new AppError('bad_request', 'seenAt is more than a day before the child was last seen'),
        );
      }
      const loc = body.location ?? null;
      const wgs = loc ? toWgs84([loc.lon, loc.lat], loc.datum) : null;
      const stored = await deps.repo.insertWithinBudget(
        {
          alertId: alert.id,
          seenAt,
          location: loc && wgs ? { lon: wgs[0], lat: wgs[1], accuracyM: loc.accuracyM ?? null } : null,
          text: body.text,
          phone: body.phone ? body.phone.replace(/[\s-]/g, '') : null,
          senderHash: who,
          idempotencyKey: body.idempotencyKey,
        },
        budget,
      );
      if ('limited' in stored) {
        throw refuse(
          'tip_rate',
          new AppError('rate_limited', 'Too many tips from this address; wait a few minutes', {
            retryAfterS: stored.retryAfterS,
          }),
        );
      }
      const { tip, created } = stored;
      if (created) {
        await appendEvent(deps.query, {
          caseId: alert.caseId,
          type: 'tip_received',
          data: { alertId: alert.id, tipId: tip.id, hasLocation: tip.location !== null },
          idempotencyKey: `tip:${tip.id}`,
        });
      }
      return {
        created,
        tip: { id: tip.id, receivedAt: tip.receivedAt },
        photoUpload: {
          url: `/api/v1/public/alerts/${token}/tips/${tip.id}/photo`,
          token: tipUploadToken(deps.secretKey, tip.id),
          maxBytes: deps.photoMaxBytes,
        },
      };
    },

    /** The tip's one photo (EXIF stripped), with the upload token the tip post returned. */
    async uploadPhoto(
      token: string,
      tipId: number,
      uploadToken: string | undefined,
      body: unknown,
      contentType: string | undefined,
      ip: string,
    ) {
      const alert = await openAlert(token);
      const expected = Buffer.from(tipUploadToken(deps.secretKey, tipId));
      const given = Buffer.from(uploadToken ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw refuse('photo_bad_token', new AppError('forbidden', 'Bad upload token'));
      }
      // Only uploads with a real upload token (which only an accepted tip hands out) spend this budget.
      const who = `${alert.id}:${senderHash(ip)}`;
      if (!photoPerAddress.take(who)) {
        throw refuse(
          'tip_rate',
          new AppError('rate_limited', 'Too many uploads from this address', {
            retryAfterS: photoPerAddress.retryAfterS(who),
          }),
        );
      }
      const photo = await checkedPhoto(body, contentType, deps.rejected);
      const id = await deps.photos.insertForTip(alert.id, tipId, photo);
      if (!id) throw new AppError('conflict', 'This tip already has a photo (or is not a tip of this alert)');
      return { photo: { id, width: photo.width, height: photo.height } };
    },

    async list(alertId: string): Promise<{ tips: TipView[]; clusters: TipCluster[] }> {
      const [tips, clusters] = await Promise.all([
        deps.repo.list(alertId),
        deps.repo.clusters(alertId, TIP_CLUSTER_EPS_M),
      ]);
      return { tips, clusters };
    },

    async mark(tipId: number, useful: boolean, by: SessionUser): Promise<{ tip: TipView }> {
      const tip = await deps.repo.mark(tipId, useful, by.id);
      if (!tip) throw new AppError('not_found', `No tip ${tipId}`);
      const alert = await deps.alerts.get(tip.alertId);
      if (alert) {
        await appendEvent(deps.query, {
          caseId: alert.caseId,
          type: 'tip_marked',
          actorId: by.id,
          data: { alertId: alert.id, tipId, useful },
        });
      }
      return { tip };
    },
  };
}

/** An uploaded body as a clean photo: 400 when it is not a JPEG/PNG/WebP image. */
export async function checkedPhoto(body: unknown, contentType: string | undefined, rejected: Counter<'reason'>) {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!['image/jpeg', 'image/png', 'image/webp'].includes(type) || !Buffer.isBuffer(body)) {
    rejected.inc({ reason: 'photo_not_image' });
    throw new AppError(
      'bad_request',
      'Send the photo as the raw body with content-type image/jpeg, image/png or image/webp',
      {
        reason: 'type',
      },
    );
  }
  try {
    return await cleanPhoto(body);
  } catch (err) {
    rejected.inc({ reason: 'photo_not_image' });
    throw err;
  }
}

export type TipsService = ReturnType<typeof createTipsService>;
