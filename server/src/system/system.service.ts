import type { Datum } from '@lookout/contracts';
import type { Basemap } from './basemap.ts';
import type { SystemRepo } from './system.repo.ts';

export type Health = 'ok' | 'down';

export interface SystemServiceDeps {
  repo: SystemRepo;
  /** Whether the MQTT broker is reachable (embedded broker running, or a probe client connected). */
  mqttStatus: () => Health;
  basemap: () => Basemap;
  /** The configured basemap's datum (the offline fallback's coastlines are WGS-84 whatever it says). */
  basemapDatum: Datum;
  mapCenter: [number, number];
  mapZoom: number;
  staleAfterS: number;
}

export function createSystemService(deps: SystemServiceDeps) {
  return {
    async health(): Promise<{ db: Health; mqtt: Health }> {
      return { db: (await deps.repo.ping(2000)) ? 'ok' : 'down', mqtt: deps.mqttStatus() };
    },
    clientConfig() {
      const b = deps.basemap();
      const basemap =
        b.kind === 'fallback'
          ? { kind: b.kind, datum: 'wgs84' as const }
          : {
              kind: b.kind,
              url: b.url,
              datum: deps.basemapDatum,
              ...(b.attribution ? { attribution: b.attribution } : {}),
            };
      return { basemap, center: deps.mapCenter, zoom: deps.mapZoom, staleAfterS: deps.staleAfterS };
    },
  };
}

export type SystemService = ReturnType<typeof createSystemService>;
