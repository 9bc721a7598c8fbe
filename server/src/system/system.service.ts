import type { AppConfig, Datum, TerrainConfig } from '@lookout/contracts';
import type { Basemap } from './basemap.ts';
import { basemapChoices, type ExtraBasemap } from './basemap-choices.ts';
import type { SystemRepo } from './system.repo.ts';

export type Health = 'ok' | 'down';

export interface SystemServiceDeps {
  repo: SystemRepo;
  /** Whether the MQTT broker is reachable (embedded broker running, or a probe client connected). */
  mqttStatus: () => Health;
  basemap: () => Basemap;
  /** The configured basemap's datum (the offline fallback's coastlines are WGS-84 whatever it says). */
  basemapDatum: Datum;
  extraBasemaps: ExtraBasemap[];
  tiandituKey: string | undefined;
  /** The terrain tiles for the hillshade, contour lines and the officers' climb (null: none built). */
  terrain: () => TerrainConfig | null;
  mapCenter: [number, number];
  mapZoom: number;
  staleAfterS: number;
}

export function createSystemService(deps: SystemServiceDeps) {
  return {
    async health(): Promise<{ db: Health; mqtt: Health }> {
      return { db: (await deps.repo.ping(2000)) ? 'ok' : 'down', mqtt: deps.mqttStatus() };
    },
    clientConfig(): AppConfig {
      const main = deps.basemap();
      const basemaps = basemapChoices({
        main,
        mainDatum: deps.basemapDatum,
        extra: deps.extraBasemaps,
        tiandituKey: deps.tiandituKey,
      });
      const problem = main.kind === 'fallback' && main.problem ? { problem: main.problem } : {};
      return {
        basemap: basemaps[0]?.source ?? { kind: 'fallback', datum: 'wgs84', ...problem },
        basemaps,
        terrain: deps.terrain(),
        center: deps.mapCenter,
        zoom: deps.mapZoom,
        staleAfterS: deps.staleAfterS,
      };
    },
  };
}

export type SystemService = ReturnType<typeof createSystemService>;
