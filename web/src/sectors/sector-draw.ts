import type { SectorCreateBody } from '@lookout/contracts';
import { sectorsApi } from './sectors-api.ts';
import { sectorStore } from './sector-store.ts';

/** The drawn points as a closed GeoJSON ring, or null with fewer than three distinct points. */
export function closedRing(points: readonly [number, number][]): [number, number][] | null {
  if (points.length < 3) return null;
  const round = (p: [number, number]): [number, number] => [Number(p[0].toFixed(7)), Number(p[1].toFixed(7))];
  const ring = points.map(round);
  return [...ring, ring[0]!];
}

/**
 * Ends drawing and creates the sector (double click or 完成). Fewer than three points: drawing goes on and the
 * answer says so. Throws the server's refusal (a self-intersection, outside the rings, an overlap).
 */
export async function finishDraft(): Promise<'created' | 'too_few'> {
  const caseId = sectorStore.caseId;
  const ring = closedRing(sectorStore.draft ?? []);
  if (!caseId || !ring) return 'too_few';
  sectorStore.endDraft();
  const body: SectorCreateBody = { geometry: { type: 'Polygon', coordinates: [ring] } };
  const made = await sectorsApi.create(caseId, body);
  await sectorStore.reload();
  sectorStore.select(made.id);
  return 'created';
}
