import { randomUUID } from 'node:crypto';
import { direct, withTransaction, type Database } from '@lookout/db';
import type { Counter } from 'prom-client';
import type { SessionUser } from '../../auth/auth.repo.ts';
import { commands } from '../../auth/capabilities.ts';
import { pointToWgs84 } from '../../coordinates/point-input.ts';
import { AppError } from '../../errors.ts';
import { isLinkTokenShaped } from '../../public-links/link-token.ts';
import { ageText } from '../area/age-bands.ts';
import { broadcastRadiusM, nextWidening } from '../area/broadcast-radius.ts';
import { writeAudit } from '../../audit/audit.repo.ts';
import { maskPhone } from '../../audit/mask-phone.ts';
import type { CapMessageRow } from '../cap/cap.repo.ts';
import type { CapService } from '../cap/cap.service.ts';
import { WITHDRAWN_TEXT } from '../cap/cap-content.ts';
import type { DeliveriesPort } from '../delivery-port.ts';
import { appendEvent } from '../events.repo.ts';
import { photoUrlFor } from '../photos/photo-links.ts';
import type { PhotosRepo } from '../photos/photos.repo.ts';
import { checkedPhoto } from '../tips/tips.service.ts';
import type { AlertRow, AlertsRepo, CaseFileRow } from './alerts.repo.ts';
import { hasRole, type CreateAlertBody, type PatchAlertBody, type PatchCaseFileBody } from '@lookout/contracts';
import { publicCardUrl, publicTokenFor, publicTokenHash } from './public-token.ts';

export interface AlertView extends AlertRow {
  /** The broadcast radius now (ISRID ring + time × walking speed, capped). */
  radiusM: number;
  /** When the widening pass next widens the sent area and about how far (null: not published, over, or capped). */
  nextWiden: { at: string; radiusM: number } | null;
}

export interface AlertsDeps {
  database: Database;
  repo: AlertsRepo;
  cap: CapService;
  deliveries: DeliveriesPort;
  photos: PhotosRepo;
  secretKey: Buffer;
  publicUrl: string | undefined;
  stationName: string;
  photoLinkTtlHours: number;
  rejected: Counter<'reason'>;
  now: () => Date;
}

/**
 * Who may read or change a case file: commander, admin, or the liaison who created the alert. Never an officer
 * or a pilot.
 */
export function mayReadCaseFile(user: SessionUser, alert: Pick<AlertRow, 'createdBy'>): boolean {
  return commands(user) || (hasRole(user, 'liaison') && alert.createdBy === user.id);
}

const sexText = { male: '男童', female: '女童', unknown: '儿童' } as const;

export function createAlertsService(deps: AlertsDeps) {
  const { repo } = deps;
  const q = direct(deps.database);
  const base = (requestBase: string) => deps.publicUrl ?? requestBase;

  const view = (a: AlertRow): AlertView => {
    const now = deps.now();
    const radius = { ageBand: a.ageBand, seenAt: new Date(a.seenAt), maxRadiusM: a.maxRadiusM, now };
    const next =
      a.status === 'active' && !a.retractedAt && a.sentRadiusM !== null
        ? nextWidening({ ...radius, sentRadiusM: a.sentRadiusM })
        : null;
    return {
      ...a,
      radiusM: broadcastRadiusM(radius),
      nextWiden: next && next.at < new Date(a.expiresAt) ? { at: next.at.toISOString(), radiusM: next.radiusM } : null,
    };
  };

  async function must(id: string): Promise<AlertRow> {
    const a = await repo.get(id);
    if (!a) throw new AppError('not_found', `No alert ${id}`);
    return a;
  }

  function notRetracted(a: AlertRow): void {
    if (a.retractedAt) throw new AppError('conflict', `Alert ${a.id} was retracted`);
  }

  return {
    view,
    must,

    async create(
      body: CreateAlertBody,
      by: SessionUser,
      requestBase: string,
    ): Promise<{ alert: AlertView; publicUrl: string }> {
      if (body.idempotencyKey) {
        const earlier = await repo.byIdempotencyKey(by.id, body.idempotencyKey);
        if (earlier)
          return { alert: view(earlier), publicUrl: publicCardUrl(deps.secretKey, base(requestBase), earlier.id) };
      }
      const id = randomUUID();
      const point = pointToWgs84(body.point);
      const seenAt = new Date(body.seenAt);
      const who = `${ageText[body.ageBand]}${sexText[body.sex]}`;
      const title = `${body.kind === 'found_child' ? '发现走失儿童' : '儿童走失'} ${who}${body.placeText ? ` ${body.placeText}` : ''}`;
      await withTransaction(deps.database, async (tx) => {
        const { caseId } = await repo.insert(tx, {
          id,
          kind: body.kind,
          title,
          ageBand: body.ageBand,
          sex: body.sex,
          heightCm: body.heightCm ?? null,
          clothing: body.clothing ?? null,
          publicNote: body.publicNote ?? null,
          placeText: body.placeText ?? null,
          point,
          seenAt,
          contactPhone: body.contactPhone.replace(/\s/g, ''),
          publicTokenHash: publicTokenHash(publicTokenFor(deps.secretKey, id)),
          maxRadiusM: body.maxRadiusM,
          expiresAt: new Date(deps.now().getTime() + body.expiresInHours * 3_600_000),
          createdBy: by.id,
          caseFile: {
            data: body.caseFile.data,
            lawfulBasis: body.caseFile.lawfulBasis,
            guardianConsent: body.caseFile.guardianConsent ?? null,
          },
          idempotencyKey: body.idempotencyKey ?? null,
        });
        await appendEvent(tx, {
          caseId,
          type: 'tadpole_reported',
          actorId: by.id,
          data: { alertId: id, kind: body.kind, ageBand: body.ageBand, idempotencyKey: body.idempotencyKey ?? null },
          idempotencyKey: 'tadpole_reported',
        });
      });
      const alert = await must(id);
      return { alert: view(alert), publicUrl: publicCardUrl(deps.secretKey, base(requestBase), id) };
    },

    async list(filter: 'open' | 'closed' | 'all'): Promise<{ alerts: AlertView[] }> {
      return { alerts: (await repo.list(filter)).map(view) };
    },

    /**
     * Change the public card; an active alert's groups get a CAP `Update`. Any tadpole staff member may do it (a
     * liaison covers for another); a new contact phone is recorded with who changed it and the old and new number
     * masked, in the audit log and as `contact_phone_changed` on the alert's timeline.
     */
    async patch(
      id: string,
      body: PatchAlertBody,
      by: SessionUser,
      remoteAddr: string | null,
    ): Promise<{ alert: AlertView; capMessage: CapMessageRow | null; queued: number }> {
      const before = await must(id);
      notRetracted(before);
      const { expiresAt, contactPhone, ...rest } = body;
      const phone = contactPhone?.replace(/\s/g, '');
      const phoneChange =
        phone !== undefined && phone !== before.contactPhone
          ? { field: 'contactPhone', from: maskPhone(before.contactPhone), to: maskPhone(phone) }
          : null;
      await withTransaction(deps.database, async (tx) => {
        await repo.patch(tx, id, {
          ...rest,
          ...(phone ? { contactPhone: phone } : {}),
          ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}),
        });
        await appendEvent(tx, {
          caseId: before.caseId,
          type: 'alert_updated',
          actorId: by.id,
          data: { alertId: id, fields: Object.keys(body) },
        });
        if (!phoneChange) return;
        const ownAlert = before.createdBy === by.id;
        await appendEvent(tx, {
          caseId: before.caseId,
          type: 'contact_phone_changed',
          actorId: by.id,
          data: { alertId: id, ...phoneChange, ownAlert },
        });
        await writeAudit(tx, {
          actorId: by.id,
          action: 'contact_phone_changed',
          targetType: 'alert',
          targetId: id,
          remoteAddr,
          detail: { ...phoneChange, roles: by.roles, alertCreatedBy: before.createdBy, ownAlert },
        });
      });
      const alert = await must(id);
      if (alert.status !== 'active') return { alert: view(alert), capMessage: null, queued: 0 };
      // The groups that have the old text get the new one; the area may have grown meanwhile.
      const radiusM = view(alert).radiusM;
      const message = await withTransaction(deps.database, (tx) =>
        deps.cap.compose(tx, alert, 'Update', { radiusM, by: by.id, expires: new Date(alert.expiresAt) }),
      );
      const { queued } = await deps.cap.dispatch(alert, message, [{ kind: 'previous' }, { kind: 'area' }], by.id);
      return { alert: view(await must(id)), capMessage: message, queued };
    },

    /** Where the child is now (a station's duty room, a community centre); a step of the timeline. */
    async setCareLocation(id: string, careLocation: string | null, by: SessionUser): Promise<{ alert: AlertView }> {
      const before = await must(id);
      notRetracted(before);
      if (before.careLocation === careLocation) return { alert: view(before) };
      await withTransaction(deps.database, async (tx) => {
        await repo.setCareLocation(tx, id, careLocation);
        await appendEvent(tx, {
          caseId: before.caseId,
          type: 'care_location_set',
          actorId: by.id,
          data: { alertId: id, careLocation },
        });
      });
      return { alert: view(await must(id)) };
    },

    /** draft → active: the first CAP `Alert` over the current broadcast area, queued to the groups it meets. */
    async verify(
      id: string,
      by: SessionUser,
    ): Promise<{ alert: AlertView; capMessage: CapMessageRow; queued: number }> {
      const before = await must(id);
      const now = deps.now();
      const radiusM = view(before).radiusM;
      const message = await withTransaction(deps.database, async (tx) => {
        if (!(await repo.activate(tx, id, by.id, now))) return null;
        await appendEvent(tx, {
          caseId: before.caseId,
          type: 'alert_verified',
          actorId: by.id,
          data: { alertId: id },
          at: now,
          idempotencyKey: 'alert_verified',
        });
        const fresh = (await repo.get(id, tx))!;
        return deps.cap.compose(tx, fresh, 'Alert', { radiusM, by: by.id, expires: new Date(fresh.expiresAt) });
      });
      if (!message) throw new AppError('conflict', `Alert ${id} is not a draft (status ${before.status})`);
      const alert = await must(id);
      const { queued } = await deps.cap.dispatch(alert, message, [{ kind: 'area' }], by.id);
      return { alert: view(alert), capMessage: message, queued };
    },

    /** Groups chosen by hand get the latest message. */
    async addGroups(id: string, groupIds: string[], by: SessionUser): Promise<{ queued: number }> {
      const alert = await must(id);
      notRetracted(alert);
      if (alert.status !== 'active') throw new AppError('conflict', `Alert ${id} is not active`);
      const latest = (await deps.cap.list(id)).filter((m) => m.msgType !== 'Cancel').at(-1);
      if (!latest) throw new AppError('conflict', `Alert ${id} has no message to send`);
      const { queued } = await deps.deliveries.enqueue(latest.id, { kind: 'groups', groupIds });
      await appendEvent(q, {
        caseId: alert.caseId,
        type: 'groups_added',
        actorId: by.id,
        data: { alertId: id, groupIds, queued },
      });
      return { queued };
    },

    /** A group taken out by hand: what is still queued for it stops, and the widening will not add it back. */
    async dropGroup(id: string, groupId: string, by: SessionUser): Promise<{ dropped: number }> {
      const alert = await must(id);
      const latest = (await deps.cap.list(id)).at(-1);
      const { dropped } = await deps.deliveries.drop(id, groupId);
      if (latest) await repo.markDropped(id, groupId, latest.id);
      await appendEvent(q, {
        caseId: alert.caseId,
        type: 'group_dropped',
        actorId: by.id,
        data: { alertId: id, groupId, dropped },
      });
      return { dropped };
    },

    async uploadPhoto(id: string, body: unknown, contentType: string | undefined, by: SessionUser) {
      const alert = await must(id);
      notRetracted(alert);
      const photo = await checkedPhoto(body, contentType, deps.rejected);
      const photoId = await deps.photos.insert(id, photo);
      await appendEvent(q, {
        caseId: alert.caseId,
        type: 'alert_photo',
        actorId: by.id,
        data: { alertId: id, photoId },
      });
      return { photo: { id: photoId, width: photo.width, height: photo.height, bytes: photo.bytes.length } };
    },

    async staffPhoto(photoId: string): Promise<{ mime: string; bytes: Buffer }> {
      const p = await deps.photos.bytes(photoId);
      if (!p) throw new AppError('not_found', `No photo ${photoId}`);
      if (!p.bytes) throw new AppError('gone', 'This photo was purged');
      return { mime: p.mime, bytes: p.bytes };
    },

    /** The case file: only for the allowed roles; every read and every refusal goes to the audit log. */
    async readCaseFile(
      id: string,
      user: SessionUser,
      remoteAddr: string,
    ): Promise<{ caseFile: Omit<CaseFileRow, 'alertId'> }> {
      const alert = await must(id);
      if (!mayReadCaseFile(user, alert)) {
        await writeAudit(q, {
          actorId: user.id,
          action: 'case_file_read_denied',
          targetType: 'alert_case_file',
          targetId: id,
          remoteAddr,
          detail: { roles: user.roles },
        });
        deps.rejected.inc({ reason: 'case_file_denied' });
        throw new AppError('forbidden', 'Only a commander, an admin or the alert creator may read the case file');
      }
      const file = await repo.caseFile(id);
      if (!file) throw new AppError('not_found', `Alert ${id} has no case file`);
      await writeAudit(q, {
        actorId: user.id,
        action: 'case_file_read',
        targetType: 'alert_case_file',
        targetId: id,
        remoteAddr,
        detail: { roles: user.roles },
      });
      if (file.purgedAt)
        throw new AppError('gone', 'The case file was purged after the retention period', { purgedAt: file.purgedAt });
      const { alertId: _alertId, ...rest } = file;
      return { caseFile: rest };
    },

    async patchCaseFile(id: string, body: PatchCaseFileBody, user: SessionUser, remoteAddr: string) {
      const alert = await must(id);
      if (!mayReadCaseFile(user, alert)) {
        deps.rejected.inc({ reason: 'case_file_denied' });
        throw new AppError('forbidden', 'Only a commander, an admin or the alert creator may change the case file');
      }
      const file = await repo.caseFile(id);
      if (!file || file.purgedAt) throw new AppError('gone', 'The case file was purged');
      await withTransaction(deps.database, async (tx) => {
        await repo.patchCaseFile(tx, id, body);
        await writeAudit(tx, {
          actorId: user.id,
          action: 'case_file_write',
          targetType: 'alert_case_file',
          targetId: id,
          remoteAddr,
          detail: { fields: Object.keys(body), dataKeys: Object.keys(body.data ?? {}) },
        });
      });
      const { alertId: _alertId, ...rest } = (await repo.caseFile(id))!;
      return { caseFile: rest };
    },

    /** What a stranger with the link sees (public tier only). */
    async publicCard(token: string, requestBase: string) {
      const alert = isLinkTokenShaped(token) ? await repo.byTokenHash(publicTokenHash(token)) : undefined;
      if (!alert || alert.status === 'draft') throw new AppError('not_found', 'No such alert');
      if (alert.purgedAt) throw new AppError('gone', 'This notice was removed', { reason: 'purged' });
      if (alert.retractedAt) {
        return {
          card: {
            kind: alert.kind,
            status: alert.status,
            retracted: true,
            retractedAt: alert.retractedAt,
            notice: alert.status === 'cancelled' ? `${WITHDRAWN_TEXT}。` : '孩子已找到，感谢转发，请删除转发。',
            acceptingTips: false,
          },
        };
      }
      return {
        card: {
          kind: alert.kind,
          status: alert.status,
          retracted: false,
          ageBand: alert.ageBand,
          ageText: ageText[alert.ageBand],
          sex: alert.sex,
          heightCm: alert.heightCm,
          clothing: alert.clothing,
          publicNote: alert.publicNote,
          placeText: alert.placeText,
          point: alert.point,
          seenAt: alert.seenAt,
          contactPhone: alert.contactPhone,
          stationName: deps.stationName,
          photoUrl: await photoUrlFor(deps.database, alert.id, base(requestBase), deps.photoLinkTtlHours),
          expiresAt: alert.expiresAt,
          acceptingTips: alert.status === 'active',
        },
      };
    },

    publicUrlOf: (alertId: string, requestBase: string) => publicCardUrl(deps.secretKey, base(requestBase), alertId),
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
