import type { CreatedLink } from '@lookout/contracts';
import QRCode from 'qrcode';
import type { Counter } from 'prom-client';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { CaseAccess } from '../cases/case-access.ts';
import { type CreateLinkBody, locateBody } from '@lookout/contracts';
import type { CallerLocationsService } from '../caller-locations/caller-locations.service.ts';
import { AppError } from '../errors.ts';
import { hashLinkToken, isLinkTokenShaped, newLinkToken } from '../public-links/link-token.ts';
import type { LinkRow, LocationLinksRepo } from './location-links.repo.ts';
import { RateWindow } from '../public-links/rate-window.ts';

/** Path of the caller page; the token follows. */
export const CALLER_PAGE_PATH = '/l/';

export interface LocateLimits {
  /** Posts per link per minute: the page posts every 30 s and on a large move, retries included. */
  perLink: number;
  /** Posts per address per minute (many phones share a carrier NAT address). */
  perIp: number;
}
export const defaultLocateLimits: LocateLimits = { perLink: 20, perIp: 120 };

export interface LocationLinksDeps {
  repo: LocationLinksRepo;
  /** Staff create and revoke links only on cases they may read. */
  access: CaseAccess;
  callerLocations: Pick<CallerLocationsService, 'addFromLink'>;
  ttlHours: number;
  /** Base URL for the links (PUBLIC_URL); else the one the staff member's browser used. */
  publicUrl: string | undefined;
  stationName: string;
  limits?: LocateLimits;
  rateLimited: Counter<'scope'>;
}

export function smsText(stationName: string, url: string): string {
  return `【${stationName}】请点击链接发送您的位置，便于民警找到您：${url}`;
}

export function createLocationLinksService(deps: LocationLinksDeps) {
  const limits = deps.limits ?? defaultLocateLimits;
  const perLink = new RateWindow(limits.perLink, 60_000);
  const perIp = new RateWindow(limits.perIp, 60_000);

  /** The link behind a token, or the error the caller page shows: 404 unknown/forged, 410 no longer valid. */
  async function usableLink(token: string): Promise<LinkRow> {
    const link = isLinkTokenShaped(token) ? await deps.repo.findByTokenHash(hashLinkToken(token)) : undefined;
    if (!link) throw new AppError('not_found', 'No such location link');
    if (link.revokedAt) throw new AppError('gone', 'This location link was withdrawn', { reason: 'revoked' });
    if (link.expiresAt.getTime() <= Date.now())
      throw new AppError('gone', 'This location link has expired', { reason: 'expired' });
    if (link.caseStatus !== 'open') throw new AppError('gone', 'The case of this link is closed', { reason: 'closed' });
    return link;
  }

  function limited(scope: 'link' | 'ip', retryAfterS: number): AppError {
    deps.rateLimited.inc({ scope });
    return new AppError('rate_limited', 'Too many location posts; wait a moment', { retryAfterS });
  }

  return {
    async create(caseId: string, body: CreateLinkBody, by: SessionUser, requestBase: string): Promise<CreatedLink> {
      const c = await deps.access.caseInScope(caseId, by);
      if (c.status !== 'open') throw new AppError('conflict', `Case ${caseId} is closed`);
      const token = newLinkToken();
      const expiresAt = new Date(Date.now() + (body.ttlHours ?? deps.ttlHours) * 3_600_000);
      const link = await deps.repo.create({
        caseId,
        phone: body.phone.replace(/[\s-]/g, ''),
        tokenHash: hashLinkToken(token),
        expiresAt,
        createdBy: by.id,
      });
      const url = `${deps.publicUrl ?? requestBase}${CALLER_PAGE_PATH}${token}`;
      const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return {
        id: link.id,
        url,
        expiresAt: link.expiresAt.toISOString(),
        smsText: smsText(deps.stationName, url),
        qrSvg,
      };
    },

    async revoke(id: string, by: SessionUser): Promise<{ id: string; revokedAt: string }> {
      const existing = await deps.repo.get(id);
      if (!existing) throw new AppError('not_found', `No location link ${id}`);
      await deps.access.caseInScope(existing.caseId, by);
      const link = await deps.repo.revoke(id, by.id);
      if (!link) throw new AppError('not_found', `No location link ${id}`);
      return { id: link.id, revokedAt: link.revokedAt!.toISOString() };
    },

    /** The caller page was opened: note the first time (a bad token is not an error here; the page says so). */
    async opened(token: string): Promise<void> {
      const link = isLinkTokenShaped(token) ? await deps.repo.findByTokenHash(hashLinkToken(token)) : undefined;
      if (link && !link.firstOpenedAt) await deps.repo.recordOpen(link.id);
    },

    /**
     * A position from the caller page. Checked in this order so a flood costs little: the address limit, the
     * token, the link limit, then the body (parsed here, after the limits, so bad bodies count too).
     */
    async locate(token: string, rawBody: unknown, ip: string): Promise<{ stored: true; accuracyM: number }> {
      if (!perIp.take(ip)) throw limited('ip', perIp.retryAfterS(ip));
      const link = await usableLink(token);
      if (!perLink.take(link.id)) throw limited('link', perLink.retryAfterS(link.id));
      const body = locateBody.parse(rawBody);
      const feature = await deps.callerLocations.addFromLink(link, body);
      await deps.repo.recordPost(link.id);
      return { stored: true, accuracyM: Math.round(feature.properties.accuracyM) };
    },
  };
}

export type LocationLinksService = ReturnType<typeof createLocationLinksService>;
