import { useEffect } from 'react';
import type { SectorFeature, SectorStatus } from '@lookout/contracts';
import { getMap } from '../map/core/map-instance.ts';
import { EMPTY, removeAll, setSourceData } from '../map/layer-util.ts';

const SECTORS = 'sectors';
const DRAFT = 'sector-draft';

/** 未搜 grey, 搜索中 orange, 已搜 green, 需复搜 red. */
export const statusColour: Record<SectorStatus, string> = {
  unsearched: '#616161',
  searching: '#ef6c00',
  searched: '#2e7d32',
  to_research: '#c62828',
};

const colourExpr = ['match', ['get', 'status'], ...Object.entries(statusColour).flat(), '#616161'] as unknown as string;

function sectorsData(sectors: readonly SectorFeature[], highlightId: string | null, faintId: string | null): unknown[] {
  return sectors.map((s) => ({
    type: 'Feature',
    geometry: s.geometry,
    properties: {
      id: s.id,
      status: s.properties.status,
      hi: s.id === faintId ? -1 : s.id === highlightId ? 1 : 0,
      label: s.properties.assignee ? `${s.properties.name}\n${s.properties.assignee.label}` : s.properties.name,
    },
  }));
}

function draftData(draft: readonly [number, number][] | null): unknown[] {
  if (!draft || draft.length === 0) return [];
  const points = draft.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: p }, properties: {} }));
  const line =
    draft.length >= 2
      ? [
          {
            type: 'Feature',
            geometry: { type: 'LineString', coordinates: draft.length >= 3 ? [...draft, draft[0]] : draft },
            properties: {},
          },
        ]
      : [];
  return [...line, ...points];
}

/**
 * Search sectors on the map: outlines coloured by status with a light fill, the name (and who searches it) as a
 * label, the highlighted one (picked in the list, or the officer's own) drawn thick, the one being redrawn faint for
 * reference; and the outline being drawn.
 * Coordinates are WGS-84; `setSourceData` draws them in the basemap's datum.
 */
export function SectorsLayer({
  sectors,
  highlightId = null,
  draft = null,
  faintId = null,
}: {
  sectors: readonly SectorFeature[];
  highlightId?: string | null;
  draft?: readonly [number, number][] | null;
  /** The sector whose outline is being redrawn: drawn faintly under the new one. */
  faintId?: string | null;
}) {
  useEffect(() => {
    const map = getMap()!;
    map.addSource(SECTORS, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${SECTORS}-fill`,
      type: 'fill',
      source: SECTORS,
      paint: {
        'fill-color': colourExpr,
        'fill-opacity': ['match', ['get', 'hi'], 1, 0.22, -1, 0.03, 0.08],
      },
    });
    map.addLayer({
      id: `${SECTORS}-line`,
      type: 'line',
      source: SECTORS,
      paint: {
        'line-color': colourExpr,
        'line-width': ['match', ['get', 'hi'], 1, 4.5, -1, 1.5, 1.8],
        'line-opacity': ['match', ['get', 'hi'], -1, 0.35, 0.9],
      },
    });
    map.addLayer({
      id: `${SECTORS}-label`,
      type: 'symbol',
      source: SECTORS,
      layout: {
        'text-field': ['get', 'label'],
        'text-size': ['case', ['==', ['get', 'hi'], 1], 15, 12],
        'text-allow-overlap': false,
      },
      paint: { 'text-color': colourExpr, 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
    });
    map.addSource(DRAFT, { type: 'geojson', data: EMPTY });
    map.addLayer({
      id: `${DRAFT}-line`,
      type: 'line',
      source: DRAFT,
      filter: ['==', ['geometry-type'], 'LineString'],
      paint: { 'line-color': '#1565c0', 'line-width': 2.5, 'line-dasharray': [2, 1] },
    });
    map.addLayer({
      id: `${DRAFT}-point`,
      type: 'circle',
      source: DRAFT,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 5, 'circle-color': '#1565c0', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
    });
    return () => {
      removeAll(map, [`${DRAFT}-point`, `${DRAFT}-line`], DRAFT);
      removeAll(map, [`${SECTORS}-label`, `${SECTORS}-line`, `${SECTORS}-fill`], SECTORS);
    };
  }, []);

  useEffect(() => {
    const map = getMap()!;
    setSourceData(map, SECTORS, sectorsData(sectors, highlightId, faintId));
  }, [sectors, highlightId, faintId]);

  useEffect(() => {
    const map = getMap()!;
    setSourceData(map, DRAFT, draftData(draft));
  }, [draft]);

  return null;
}
