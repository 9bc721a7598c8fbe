import QRCode from 'qrcode';
import type { Counter } from 'prom-client';
import {
  assignmentStatusBody,
  teamPositionsBody,
  type Assignment,
  type TeamLink,
  type TeamPageView,
} from '@lookout/contracts';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { AssignmentsService } from '../assignments/assignments.service.ts';
import { maskPhone } from '../audit/mask-phone.ts';
import type { CaseAccess } from '../cases/case-access.ts';
import { AppError } from '../errors.ts';
import type { ChannelAdapter } from '../notify/channels/channel.ts';
import { hashLinkToken, isLinkTokenShaped, newLinkToken } from '../public-links/link-token.ts';
import { RateWindow } from '../public-links/rate-window.ts';
import type { UnitsRepo } from '../units/units.repo.ts';
import type { UnitsService } from '../units/units.service.ts';
import type { TeamLinkRow, TeamLinksRepo } from './team-links.repo.ts';
import { sendTeamSms, teamSmsText } from './team-sms.ts';

/** Path of an outside team's guidance page; the token follows. */
export const TEAM_PAGE_PATH = '/u/';

export interface TeamLinkLimits {
  /** Requests per link per minute: the page reads every 15 s, posts its position every 10 s, plus taps and retries. */
  perLink: number;
  /** Requests per address per minute (a team's phones may share a carrier NAT address). */
  perIp: number;
}
export const defaultTeamLinkLimits: TeamLinkLimits = { perLink: 30, perIp: 240 };

export interface TeamLinksDeps {
  repo: TeamLinksRepo;
  access: CaseAccess;
  units: Pick<UnitsRepo, 'get'>;
  unitPositions: Pick<UnitsService, 'addPositionsFor'>;
  /** Set after the assignments service exists (it issues links through this service). */
  assignments: () => Pick<AssignmentsService, 'get' | 'setStatusFromTeamLink'>;
  sms: ChannelAdapter;
  ttlHours: number;
  /** Base URL for the links (PUBLIC_URL); else the one the commander's browser used. */
  publicUrl: string | undefined;
  stationName: string;
  limits?: TeamLinkLimits;
  rateLimited: Counter<'scope'>;
}

const LIVE = new Set(['dispatched', 'en_route', 'on_scene']);

/**
 * An outside team's guidance link: issued with each new assignment of a team (SMS through the configured gateway,
 * plus the URL and a QR code for the commander), revoked or re-issued by command, and the public side the team's
 * page calls — its view, its steps and its positions — under the caller page's rules: unguessable token kept
 * hashed, expiry, revocation, rate limits, every write audited.
 */
export function createTeamLinksService(deps: TeamLinksDeps) {
  const limits = deps.limits ?? defaultTeamLinkLimits;
  const perLink = new RateWindow(limits.perLink, 60_000);
  const perIp = new RateWindow(limits.perIp, 60_000);

  function limited(scope: 'link' | 'ip', retryAfterS: number): AppError {
    deps.rateLimited.inc({ scope });
    return new AppError('rate_limited', 'Too many requests from this link; wait a moment', { retryAfterS });
  }

  /**
   * The link behind a token, in the order that makes a flood cheap: the address limit, the token (404 unknown or
   * forged, 410 revoked, expired or its case closed), the link limit.
   */
  async function usableLink(token: string, ip: string): Promise<TeamLinkRow> {
    if (!perIp.take(ip)) throw limited('ip', perIp.retryAfterS(ip));
    const link = isLinkTokenShaped(token) ? await deps.repo.findByTokenHash(hashLinkToken(token)) : undefined;
    if (!link) throw new AppError('not_found', 'No such team link');
    if (link.revokedAt) throw new AppError('gone', 'This team link was withdrawn', { reason: 'revoked' });
    if (link.expiresAt.getTime() <= Date.now())
      throw new AppError('gone', 'This team link has expired', { reason: 'expired' });
    if (link.caseStatus !== 'open') throw new AppError('gone', 'The case of this link is closed', { reason: 'closed' });
    if (!perLink.take(link.id)) throw limited('link', perLink.retryAfterS(link.id));
    return link;
  }

  async function issue(a: Assignment, by: SessionUser, requestBase: string): Promise<TeamLink> {
    const unit = await deps.units.get(a.unitId);
    if (!unit?.phone) throw new AppError('conflict', `Unit ${a.unitId} is not an outside team`);
    const token = newLinkToken();
    const link = await deps.repo.create({
      unitId: a.unitId,
      assignmentId: a.id,
      caseId: a.caseId,
      tokenHash: hashLinkToken(token),
      expiresAt: new Date(Date.now() + deps.ttlHours * 3_600_000),
      createdBy: by.id,
    });
    const url = `${deps.publicUrl ?? requestBase}${TEAM_PAGE_PATH}${token}`;
    const sms = await sendTeamSms(deps.sms, {
      ref: `team-link-${link.id}`,
      phone: unit.phone,
      text: teamSmsText(deps.stationName, unit.callsign, url),
    });
    await deps.repo.recordCreated(link, by.id, maskPhone(unit.phone), sms);
    const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    return { id: link.id, assignmentId: a.id, url, expiresAt: link.expiresAt.toISOString(), qrSvg, sms };
  }

  return {
    issue,

    /** A new link for a live assignment of an outside team; the old ones stop working. */
    async reissue(assignmentId: string, by: SessionUser, requestBase: string): Promise<TeamLink> {
      const a = await deps.assignments().get(assignmentId);
      if (!a) throw new AppError('not_found', `No assignment ${assignmentId}`);
      await deps.access.caseInScope(a.caseId, by);
      const unit = await deps.units.get(a.unitId);
      if (!unit || unit.userId !== null) throw new AppError('conflict', 'Only an outside team gets a team link');
      if (!LIVE.has(a.status)) throw new AppError('conflict', `The assignment is ${a.status}`);
      await deps.repo.revokeForAssignment(a.id, by.id);
      return issue(a, by, requestBase);
    },

    async revoke(id: string, by: SessionUser): Promise<{ id: string; revokedAt: string }> {
      const existing = await deps.repo.get(id);
      if (!existing) throw new AppError('not_found', `No team link ${id}`);
      await deps.access.caseInScope(existing.caseId, by);
      const link = (await deps.repo.revoke(id, by.id))!;
      return { id: link.id, revokedAt: link.revokedAt!.toISOString() };
    },

    /** The team page's view: its callsign, the target, the case in outline, the assignment's status. */
    async view(token: string, ip: string): Promise<TeamPageView> {
      const link = await usableLink(token, ip);
      await deps.repo.touch(link.id);
      return { ...link.page, station: deps.stationName, expiresAt: link.expiresAt.toISOString() };
    },

    /** 出发 / 到达 / 找到 / 撤回 from the page: the assignment's steps, case events the clocks count. */
    async setStatus(token: string, rawBody: unknown, ip: string): Promise<{ status: string; updatedAt: string }> {
      const link = await usableLink(token, ip);
      const body = assignmentStatusBody.parse(rawBody);
      const a = await deps.assignments().setStatusFromTeamLink(link.assignmentId, body, link.id);
      return { status: a.status, updatedAt: a.updatedAt };
    },

    /** The team's positions while the page is open: the unit's track on the map; a resent key is not stored twice. */
    async addPositions(token: string, rawBody: unknown, ip: string): Promise<{ stored: number; duplicates: number }> {
      const link = await usableLink(token, ip);
      return deps.unitPositions.addPositionsFor(link.unitId, teamPositionsBody.parse(rawBody));
    },
  };
}

export type TeamLinksService = ReturnType<typeof createTeamLinksService>;
