import type { CoveragePlanResponse } from '@lookout/contracts';

/** The suggested flight on the map: its path, and its start with a label (where the pilot begins the passes). */
export function planMapFeatures(plan: CoveragePlanResponse | null, startLabel: string): unknown[] {
  if (!plan) return [];
  const coords = plan.geometry.coordinates;
  const start = coords[0];
  return [
    { type: 'Feature', geometry: plan.geometry, properties: { part: 'path' } },
    ...(start
      ? [
          {
            type: 'Feature',
            geometry: { type: 'Point', coordinates: start },
            properties: { part: 'start', label: startLabel },
          },
        ]
      : []),
  ];
}
