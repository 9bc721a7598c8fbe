import type { SectorPolygon } from '@lookout/contracts';
import { sectorsApi } from './sectors-api.ts';
import { sectorErrText } from './sectors-i18n.ts';
import { sectorStore } from './sector-store.ts';

/** The drawn points as a closed GeoJSON ring, or null with fewer than three distinct points. */
export function closedRing(points: readonly [number, number][]): [number, number][] | null {
  if (points.length < 3) return null;
  const round = (p: [number, number]): [number, number] => [Number(p[0].toFixed(7)), Number(p[1].toFixed(7))];
  const ring = points.map(round);
  return [...ring, ring[0]!];
}

/**
 * Ends drawing (double click or 完成): creates the sector, or when redrawing one (改边界) PATCHes only its outline,
 * so its name, priority, status and assignee stay. Fewer than three points: drawing goes on and the answer says
 * so. Throws the server's refusal (a self-intersection, outside the rings, an overlap); the sector then stays as
 * it was.
 */
export async function finishDraft(): Promise<'created' | 'reshaped' | 'too_few'> {
  const caseId = sectorStore.caseId;
  const reshapeId = sectorStore.reshapeId;
  const ring = closedRing(sectorStore.draft ?? []);
  if (!caseId || !ring) return 'too_few';
  sectorStore.endDraft();
  const geometry: SectorPolygon = { type: 'Polygon', coordinates: [ring] };
  if (reshapeId) {
    await sectorsApi.patch(caseId, reshapeId, { geometry });
    await sectorStore.reload();
    sectorStore.select(reshapeId);
    return 'reshaped';
  }
  const made = await sectorsApi.create(caseId, { geometry });
  await sectorStore.reload();
  sectorStore.select(made.id);
  return 'created';
}

/** `finishDraft` with its outcome shown in the sectors section: too few points, or the refusal in the user's words. */
export function finishDraftShown(): void {
  sectorStore.fail(null);
  finishDraft().then(
    (r) => sectorStore.fail(r === 'too_few' ? 'too_few' : null),
    (err: unknown) => sectorStore.fail(sectorErrText(err)),
  );
}
