import { direct, withTransaction, type Database } from '@lookout/db';
import type { SessionUser } from '../../auth/auth.repo.ts';
import type { PointInput, VerificationMethod } from '@lookout/contracts';
import { pointToWgs84 } from '../../coordinates/point-input.ts';
import { AppError } from '../../errors.ts';
import { checkTapTime } from '../../units/tap-time.ts';
import type { AlertsRepo } from '../alerts/alerts.repo.ts';
import type { AlertsService, AlertView } from '../alerts/alerts.service.ts';
import type { CapMessageRow } from '../cap/cap.repo.ts';
import type { CapService } from '../cap/cap.service.ts';
import type { ClocksRepo } from '../clocks/clocks.repo.ts';
import { appendEvent } from '../events.repo.ts';
import type { PhotosRepo } from '../photos/photos.repo.ts';
import type { ReunionRepo } from './reunion.repo.ts';

const note = (step: string, by: SessionUser, at: Date, text: string) => ({
  at: at.toISOString(),
  by: by.id,
  step,
  text,
});

export interface ReunionDeps {
  database: Database;
  repo: ReunionRepo;
  alertsRepo: AlertsRepo;
  alerts: Pick<AlertsService, 'must' | 'view'>;
  cap: CapService;
  photos: Pick<PhotosRepo, 'revokeAll'>;
  clocks: Pick<ClocksRepo, 'times'>;
  publicPurgeHours: number;
  caseFileRetentionDays: number;
  now: () => Date;
}

/** Found, guardian verification, handover and the retraction. */
export function createReunionService(deps: ReunionDeps) {
  const q = direct(deps.database);

  return {
    /**
     * An officer is with the child (found child) or at the place last seen (lost child): the on-scene step of the
     * clocks, once per case (a second tap answers the first one's time).
     */
    async onScene(id: string, body: { at?: string | undefined; note?: string | undefined }, by: SessionUser) {
      const alert = await deps.alerts.must(id);
      if (alert.retractedAt) throw new AppError('conflict', `Alert ${id} was retracted`);
      if (alert.status === 'handed_over' || alert.status === 'cancelled') {
        throw new AppError('conflict', `Alert ${id} is ${alert.status}`);
      }
      const now = deps.now();
      const at = body.at ? checkTapTime('at', body.at, now) : now;
      const seq = await withTransaction(deps.database, async (tx) => {
        const added = await appendEvent(tx, {
          caseId: alert.caseId,
          type: 'officer_on_scene',
          actorId: by.id,
          at,
          data: { alertId: id, officerName: by.displayName },
          idempotencyKey: 'officer_on_scene',
        });
        if (added !== null && body.note) {
          await deps.alertsRepo.appendCaseFileNote(tx, id, note('on_scene', by, at, body.note));
        }
        return added;
      });
      const times = await deps.clocks.times(id);
      return {
        alert: deps.alerts.view(await deps.alerts.must(id)),
        onSceneAt: times?.on_scene ?? at.toISOString(),
        alreadyOnScene: seq === null,
      };
    },

    /** A lost child was found: where (and how far from where last seen). */
    async found(
      id: string,
      body: { location: PointInput; at?: string | undefined; note?: string | undefined },
      by: SessionUser,
    ) {
      const alert = await deps.alerts.must(id);
      if (alert.kind !== 'lost_child') {
        throw new AppError('conflict', 'A found-child alert closes with the guardian verification and handover');
      }
      if (alert.retractedAt) throw new AppError('conflict', `Alert ${id} was retracted`);
      const at = body.at ? new Date(body.at) : deps.now();
      const p = pointToWgs84(body.location);
      const distanceM = Math.round(await deps.alertsRepo.distanceFromPoint(id, p));
      const ok = await withTransaction(deps.database, async (tx) => {
        if (!(await deps.alertsRepo.setStatus(tx, id, ['active'], 'found'))) return false;
        await appendEvent(tx, {
          caseId: alert.caseId,
          type: 'child_found',
          actorId: by.id,
          at,
          data: { alertId: id, lon: p.lon, lat: p.lat, distanceM },
          idempotencyKey: 'child_found',
        });
        if (body.note) await deps.alertsRepo.appendCaseFileNote(tx, id, note('found', by, at, body.note));
        return true;
      });
      if (!ok) throw new AppError('conflict', `Alert ${id} is not active (status ${alert.status})`);
      return { alert: deps.alerts.view(await deps.alerts.must(id)), distanceM };
    },

    /** Who verified the guardian and how (at least one method); the guardian's identity goes in the case file. */
    async verifyGuardian(
      id: string,
      body: { methods: VerificationMethod[]; relation?: string | undefined; note?: string | undefined },
      by: SessionUser,
    ) {
      const alert = await deps.alerts.must(id);
      if (alert.retractedAt) throw new AppError('conflict', `Alert ${id} was retracted`);
      if (!['active', 'found'].includes(alert.status)) {
        throw new AppError('conflict', `Alert ${id} is ${alert.status}; verify the guardian before the handover`);
      }
      const methods = [...new Set(body.methods)];
      const at = deps.now();
      await withTransaction(deps.database, async (tx) => {
        await appendEvent(tx, {
          caseId: alert.caseId,
          type: 'guardian_verified',
          actorId: by.id,
          at,
          data: {
            alertId: id,
            methods,
            relation: body.relation ?? null,
            verifiedBy: by.id,
            verifiedByName: by.displayName,
          },
        });
        if (body.note) await deps.alertsRepo.appendCaseFileNote(tx, id, note('guardian_verified', by, at, body.note));
      });
      return { verification: { at: at.toISOString(), by: { id: by.id, displayName: by.displayName }, methods } };
    },

    /** The child handed over: a found child only after a recorded guardian verification, a lost child once found. */
    async handover(id: string, body: { note?: string | undefined }, by: SessionUser) {
      const alert = await deps.alerts.must(id);
      if (alert.retractedAt) throw new AppError('conflict', `Alert ${id} was retracted`);
      if (alert.kind === 'found_child' && !(await deps.repo.hasEvent(alert.caseId, 'guardian_verified'))) {
        throw new AppError('conflict', 'Record the guardian verification (who, how) before the handover', {
          reason: 'guardian_not_verified',
        });
      }
      const from = alert.kind === 'found_child' ? ['active' as const] : ['found' as const];
      const ok = await withTransaction(deps.database, async (tx) => {
        if (!(await deps.alertsRepo.setStatus(tx, id, from, 'handed_over'))) return false;
        await appendEvent(tx, {
          caseId: alert.caseId,
          type: 'handed_over',
          actorId: by.id,
          data: { alertId: id },
          idempotencyKey: 'handed_over',
        });
        if (body.note) await deps.alertsRepo.appendCaseFileNote(tx, id, note('handed_over', by, deps.now(), body.note));
        return true;
      });
      if (!ok) {
        throw new AppError('conflict', `Alert ${id} cannot be handed over from status ${alert.status}`, {
          reason: alert.kind === 'lost_child' ? 'not_found_yet' : alert.status,
        });
      }
      return { alert: deps.alerts.view(await deps.alerts.must(id)) };
    },

    /**
     * A liaison may not retract (the police decide what the public is told), so after the handover he asks for it:
     * a `retraction_requested` case event, once per case, which the commander's board row and the timelines show.
     * Asking again answers with the first request.
     */
    async requestRetraction(id: string, body: { note?: string | undefined }, by: SessionUser) {
      const alert = await deps.alerts.must(id);
      if (alert.retractedAt) throw new AppError('conflict', `Alert ${id} was already retracted`);
      if (alert.status === 'draft') throw new AppError('conflict', `Alert ${id} was never published`);
      const at = deps.now();
      const seq = await appendEvent(q, {
        caseId: alert.caseId,
        type: 'retraction_requested',
        actorId: by.id,
        at,
        data: { alertId: id, note: body.note ?? null, requestedByName: by.displayName || by.username },
        idempotencyKey: 'retraction_requested',
      });
      const first = (await deps.alertsRepo.events(alert.caseId, ['retraction_requested']))[0];
      return {
        retractionRequest: {
          at: first?.at ?? at.toISOString(),
          by: { id: first?.actorId ?? by.id, displayName: String(first?.data.requestedByName ?? by.displayName) },
          note: (first?.data.note as string | null | undefined) ?? null,
        },
        alreadyRequested: seq === null,
      };
    },

    /**
     * The retraction: card blurred and photo links revoked at once, a CAP Cancel ("已找到，请删除转发") queued to
     * every group that got anything, both purges scheduled, the case closed.
     */
    async retract(
      id: string,
      body: { reason: 'reunited' | 'withdrawn'; note?: string | undefined },
      by: SessionUser,
    ): Promise<{ alert: AlertView; capMessage: CapMessageRow | null; queued: number }> {
      const alert = await deps.alerts.must(id);
      if (alert.retractedAt) throw new AppError('conflict', `Alert ${id} was already retracted`);
      const at = deps.now();
      const earlier = await deps.cap.list(id);
      const lastRadius = earlier.filter((m) => m.msgType !== 'Cancel').at(-1)?.radiusM ?? null;
      const result = await withTransaction(deps.database, async (tx) => {
        const done = await deps.repo.retract(tx, id, {
          at,
          publicPurgeAfter: new Date(at.getTime() + deps.publicPurgeHours * 3_600_000),
          caseFilePurgeAfter: new Date(at.getTime() + deps.caseFileRetentionDays * 86_400_000),
          withdrawn: body.reason === 'withdrawn',
        });
        if (!done) return null;
        const revoked = await deps.photos.revokeAll(tx, id);
        const cancel =
          lastRadius === null
            ? null
            : await deps.cap.compose(tx, alert, 'Cancel', {
                radiusM: lastRadius,
                by: by.id,
                expires: new Date(at.getTime() + deps.publicPurgeHours * 3_600_000),
                cancelReason: body.reason,
              });
        await appendEvent(tx, {
          caseId: alert.caseId,
          type: 'alert_retracted',
          actorId: by.id,
          at,
          data: { alertId: id, reason: body.reason, photoLinksRevoked: revoked },
          idempotencyKey: 'alert_retracted',
        });
        if (body.note) await deps.alertsRepo.appendCaseFileNote(tx, id, note('retracted', by, at, body.note));
        await appendEvent(tx, { caseId: alert.caseId, type: 'closed', actorId: by.id, at, idempotencyKey: 'closed' });
        return { cancel };
      });
      if (!result) throw new AppError('conflict', `Alert ${id} was already retracted`);
      const after = await deps.alerts.must(id);
      const { queued } = result.cancel
        ? await deps.cap.dispatch(after, result.cancel, [{ kind: 'previous' }], by.id)
        : { queued: 0 };
      const times = await deps.clocks.times(id);
      if (times) await deps.repo.upsertOutcome(q, id, times);
      return { alert: deps.alerts.view(after), capMessage: result.cancel, queued };
    },
  };
}

export type ReunionService = ReturnType<typeof createReunionService>;
