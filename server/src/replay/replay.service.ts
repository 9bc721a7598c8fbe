import type { AuditRepo } from '../audit/audit.repo.ts';
import type { SessionUser } from '../auth/auth.repo.ts';
import { AppError } from '../errors.ts';
import { encodeTrack, type Bbox, type ReplayResponse } from '@lookout/contracts';
import type { ReplayRepo } from './replay.repo.ts';

/**
 * The case's area for drone tracks: the bounding box of its IPP, caller fixes, sightings and alert points, widened
 * by this margin on every side. 5 km covers the ISRID 50 % ring of a hiker in mountains (~3 km) and a drone's
 * search pattern around the points that brought it there; a drone that entered the box during the window comes
 * with its whole in-window track (it flew for this incident; cutting it at the box edge would draw jumps).
 */
export const AREA_MARGIN_M = 5_000;

export interface ReplayDeps {
  repo: ReplayRepo;
  audit: Pick<AuditRepo, 'write'>;
  now?: () => Date;
}

/** The bbox of the points, widened by `marginM` (null without points). */
export function areaOf(points: [number, number][], marginM: number): Bbox | null {
  if (!points.length) return null;
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lon, lat] of points) {
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  const dLat = marginM / 111_320;
  const cos = Math.max(0.01, Math.cos((Math.max(Math.abs(s), Math.abs(n)) * Math.PI) / 180));
  const dLon = marginM / (111_320 * cos);
  return [Math.max(-180, w - dLon), Math.max(-90, s - dLat), Math.min(180, e + dLon), Math.min(90, n + dLat)];
}

export function createReplayService(deps: ReplayDeps) {
  const now = deps.now ?? (() => new Date());
  return {
    async replay(id: string, user: SessionUser, remoteAddr: string | null): Promise<ReplayResponse> {
      const c = await deps.repo.findCase(id);
      if (!c) throw new AppError('not_found', 'No such case');
      const from = new Date(c.firstEventAt);
      const to = c.closedAt ? new Date(c.closedAt) : now();
      const [callers, sightings, matches, alerts, deliveries, events, units] = await Promise.all([
        deps.repo.callers(id, from),
        deps.repo.sightings(id, from),
        deps.repo.matches(id, from),
        deps.repo.alerts(id, from),
        deps.repo.deliveries(id, from),
        deps.repo.events(id, from),
        deps.repo.unitTracks(id, from, to),
      ]);
      const points: [number, number][] = [
        ...(c.ipp ? [c.ipp] : []),
        ...callers.map((p): [number, number] => [p.lon, p.lat]),
        ...sightings.map((p): [number, number] => [p.lon, p.lat]),
        ...alerts.map((p): [number, number] => [p.lon, p.lat]),
      ];
      const bbox = areaOf(points, AREA_MARGIN_M);
      const drones = bbox ? await deps.repo.droneTracks(bbox, from, to) : [];
      // The replay carries the caller's fixes: a read of the case file, written to the audit log.
      await deps.audit.write({
        actorId: user.id,
        action: 'case_replay',
        targetType: 'case',
        targetId: id,
        remoteAddr,
        detail: { fixes: drones.reduce((n, d) => n + d.t.length, 0), units: units.length },
      });
      return {
        case: { id: c.id, kind: c.kind, status: c.status, title: c.title, ipp: c.ipp },
        window: {
          from: from.toISOString(),
          to: to.toISOString(),
          durationMs: Math.max(0, to.getTime() - from.getTime()),
        },
        area: bbox ? { bbox, marginM: AREA_MARGIN_M } : null,
        drones: drones.map(encodeTrack),
        units: units.map(encodeTrack),
        callers,
        sightings,
        matches,
        alerts: alerts.map((a) => ({
          ...a,
          deliveries: deliveries.filter((d) => d.alertId === a.id).map(stripAlertId),
        })),
        events,
      };
    },
  };
}

function stripAlertId<T extends { alertId: string }>(d: T): Omit<T, 'alertId'> {
  const { alertId: _alertId, ...rest } = d;
  return rest;
}

export type ReplayService = ReturnType<typeof createReplayService>;
