import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { PlacesService } from '../places/places.service.ts';

const FILE = new URL('./places-demo.geojson', import.meta.url);

/** Where the demo's places come from: names placed by hand near the demo scenario, not a survey. */
export const DEMO_PLACES_SOURCE =
  'places-demo.geojson — Lookout demo: names placed by hand around the demo scenario, not surveyed';

/** The demo's gazetteer (笔架山, 三渡溪水库, 花都路, 花川警务站 …); a restart replaces it with itself. */
export async function importDemoPlaces(places: PlacesService, log: Logger): Promise<void> {
  const result = await places.importFile(
    {
      source: DEMO_PLACES_SOURCE,
      format: 'geojson',
      datum: 'wgs84',
      text: readFileSync(FILE, 'utf8'),
      skipBadRows: false,
    },
    { userId: null, station: null },
  );
  log.info({ imported: result.imported }, 'demo places imported');
}
