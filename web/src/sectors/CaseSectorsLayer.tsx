import { useEffect } from 'react';
import type { MapMouseEvent } from 'maplibre-gl';
import { useCaseStore } from '../cases/case-store.ts';
import { fromMap } from '../map/core/datum.ts';
import { getMap } from '../map/core/map-instance.ts';
import { finishDraftShown } from './sector-draw.ts';
import { sectorStore, useSectorStore } from './sector-store.ts';
import { SectorsLayer } from './SectorsLayer.tsx';

/**
 * The open case's sectors on the commander's and the pilot's map, and the drawing of a new one or of a sector's new
 * outline (改边界, its current one then shown faintly): each click adds a point (converted back to WGS-84 from the
 * basemap's datum), a double click finishes, Esc cancels.
 */
export function CaseSectorsLayer() {
  const cases = useCaseStore();
  const store = useSectorStore();
  const caseId = cases.selectedId;

  useEffect(() => {
    sectorStore.show(caseId);
  }, [caseId]);

  const drawing = store.draft !== null;
  useEffect(() => {
    if (!drawing) return;
    const map = getMap()!;
    const canvas = map.getCanvas();
    canvas.style.cursor = 'crosshair';
    const zoomOnDouble = map.doubleClickZoom.isEnabled();
    map.doubleClickZoom.disable();
    const click = (e: MapMouseEvent) => {
      const p = fromMap(e.lngLat);
      sectorStore.addPoint([p.lon, p.lat]);
    };
    const dbl = (e: MapMouseEvent) => {
      e.preventDefault();
      finishDraftShown();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') sectorStore.endDraft();
    };
    map.on('click', click);
    map.on('dblclick', dbl);
    window.addEventListener('keydown', key);
    return () => {
      canvas.style.cursor = '';
      if (zoomOnDouble) map.doubleClickZoom.enable();
      map.off('click', click);
      map.off('dblclick', dbl);
      window.removeEventListener('keydown', key);
    };
  }, [drawing]);

  return (
    <SectorsLayer
      sectors={caseId ? store.sectors : []}
      highlightId={store.selectedId}
      draft={store.draft}
      faintId={store.draft ? store.reshapeId : null}
    />
  );
}
