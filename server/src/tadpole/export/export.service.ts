import type { AlertsRepo } from '../alerts/alerts.repo.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import type { CapService } from '../cap/cap.service.ts';
import type { ClocksService } from '../clocks/clocks.service.ts';
import type { DeliveriesPort } from '../delivery-port.ts';
import type { TipsService } from '../tips/tips.service.ts';
import { alertGeoJson } from './geojson-export.ts';

/** The reads that gather several parts: the staff detail of an alert and its GeoJSON export. */
export function createTadpoleExport(deps: {
  alerts: AlertsService;
  alertsRepo: Pick<AlertsRepo, 'events'>;
  cap: CapService;
  tips: TipsService;
  clocks: ClocksService;
  deliveries: DeliveriesPort;
}) {
  return {
    async detail(id: string, requestBase: string) {
      const alert = await deps.alerts.must(id);
      const [messages, tips, timeline, deliveries, verifications] = await Promise.all([
        deps.cap.list(id),
        deps.tips.list(id),
        deps.clocks.timeline(id),
        deps.deliveries.summary(id),
        deps.alertsRepo.events(alert.caseId, ['guardian_verified', 'retraction_requested']),
      ]);
      const last = verifications.filter((e) => e.type === 'guardian_verified').at(-1);
      const asked = verifications.find((e) => e.type === 'retraction_requested');
      return {
        alert: deps.alerts.view(alert),
        publicUrl: deps.alerts.publicUrlOf(id, requestBase),
        area: messages.filter((m) => m.msgType !== 'Cancel').at(-1)?.area ?? null,
        capMessages: messages.map(({ area: _area, description: _d, ...m }) => m),
        deliveries,
        tips: tips.tips,
        clusters: tips.clusters,
        timeline,
        guardianVerification: last
          ? {
              at: last.at,
              by: { id: last.actorId, displayName: last.data.verifiedByName ?? null },
              methods: last.data.methods ?? [],
              relation: last.data.relation ?? null,
            }
          : null,
        retractionRequest: asked
          ? {
              at: asked.at,
              by: { id: asked.actorId, displayName: asked.data.requestedByName ?? null },
              note: asked.data.note ?? null,
            }
          : null,
      };
    },

    async geojson(id: string) {
      const alert = await deps.alerts.must(id);
      const [messages, tips, found] = await Promise.all([
        deps.cap.list(id),
        deps.tips.list(id),
        deps.alertsRepo.events(alert.caseId, ['child_found']),
      ]);
      const f = found[0];
      return alertGeoJson(
        alert,
        messages,
        tips.tips,
        f
          ? {
              lon: Number(f.data.lon),
              lat: Number(f.data.lat),
              at: f.at,
              distanceM: f.data.distanceM === undefined ? null : Number(f.data.distanceM),
            }
          : null,
      );
    },
  };
}

export type TadpoleExport = ReturnType<typeof createTadpoleExport>;
