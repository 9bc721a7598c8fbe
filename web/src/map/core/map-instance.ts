import {
  Map as MapLibreMapClass,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type ErrorEvent,
  type Map as MapLibreMap,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { StyleSpecification } from 'maplibre-gl';
import { createIcons } from './icons.ts';
import type { Datum } from '@lookout/contracts';
import { fromMap, setMapDatum, toMap } from './datum.ts';
import { tileProblem } from './tile-problem.ts';

setWorkerUrl(workerUrl);

/**
 * The one MapLibre instance of the app (map objects never live in React state), created outside React on a detached element that
 * <MapView> attaches to the page. React never holds it in state; layer components reach it through `getMap()`.
 */
let map: MapLibreMap | null = null;
const element = document.createElement('div');
element.className = 'map-canvas-host';

type ReadyListener = (ready: boolean) => void;
let ready = false;
const readyListeners = new Set<ReadyListener>();

function setReady(value: boolean): void {
  ready = value;
  for (const fn of readyListeners) fn(value);
}

/**
 * Whether the map has drawn once since it was created or its style changed: its first `idle`, or a frame with every
 * tile loaded (live drones may keep a software-rendered map from ever being idle).
 */
let drawn = false;
const drawnListeners = new Set<ReadyListener>();

function setDrawn(value: boolean): void {
  if (drawn === value) return;
  drawn = value;
  for (const fn of drawnListeners) fn(value);
}

export function isMapDrawn(): boolean {
  return drawn;
}

export function onMapDrawn(fn: ReadyListener): () => void {
  drawnListeners.add(fn);
  return () => drawnListeners.delete(fn);
}

export interface TestHook {
  map: MapLibreMap | null;
  store?: unknown;
  idle: boolean;
  idleCount: number;
  errors: string[];
}

declare global {
  interface Window {
    __lookout?: TestHook;
  }
}

const hook: TestHook = { map: null, idle: false, idleCount: 0, errors: [] };
window.__lookout = hook;

export function getMapElement(): HTMLElement {
  return element;
}

export function getMap(): MapLibreMap | null {
  return map;
}

export function isMapReady(): boolean {
  return ready;
}

export function onMapReady(fn: ReadyListener): () => void {
  readyListeners.add(fn);
  return () => readyListeners.delete(fn);
}

export interface CreateOptions {
  style: StyleSpecification;
  /** The basemap's datum: the centre (WGS-84) and everything drawn later are converted to it. */
  datum: Datum;
  center: [number, number];
  zoom: number;
  locale: Record<string, string>;
}

/** Creates the map once; later calls swap the style (layers re-add themselves on `ready`). */
export function createMap(opts: CreateOptions): MapLibreMap {
  if (map) {
    // Another basemap: the same place stays in the middle, whatever datum each one is drawn in.
    const centre = fromMap(map.getCenter());
    setMapDatum(opts.datum);
    setReady(false);
    setDrawn(false);
    tileProblem.clear();
    // A whole new style, not a diff: the diff would drop Lookout's own layers without a `style.load` to re-add them.
    map.setStyle(opts.style, { diff: false });
    map.jumpTo({ center: toMap([centre.lon, centre.lat]) });
    map.once('style.load', () => {
      createIcons(map!);
      setReady(true);
    });
    return map;
  }
  setMapDatum(opts.datum);
  const m = new MapLibreMapClass({
    container: element,
    style: opts.style,
    center: toMap(opts.center),
    zoom: opts.zoom,
    attributionControl: { compact: true },
    // Live data changes every second; fading labels in on each update would make them flicker.
    fadeDuration: 0,
    locale: opts.locale,
    // CJK labels drawn with local fonts; no glyph server offline.
    localIdeographFontFamily: "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif",
  });
  m.addControl(new NavigationControl({ showCompass: true, visualizePitch: false }), 'top-right');
  m.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-right');
  m.on('load', () => {
    createIcons(m);
    setReady(true);
    // The compact attribution opens expanded until the first drag; on a phone that box covers the middle of the
    // map. Folded, it stays one ⓘ button away.
    if (m.getCanvasContainer().offsetWidth <= 640) {
      m.getContainer().querySelector('.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show');
    }
  });
  m.on('render', () => {
    if (!drawn && m.isStyleLoaded() && m.areTilesLoaded()) setDrawn(true);
  });
  m.on('idle', () => {
    setDrawn(true);
    hook.idle = true;
    hook.idleCount++;
    document.documentElement.dataset.mapIdle = 'true';
  });
  m.on('movestart', () => {
    hook.idle = false;
  });
  m.on('error', (e: ErrorEvent & { sourceId?: string }) => {
    hook.errors.push(e.error?.message ?? String(e));
    if (e.sourceId === 'basemap' || e.sourceId === 'basemap-labels') tileProblem.set(e.error?.message ?? String(e));
  });
  m.on('sourcedata', (e: { sourceId?: string; tile?: unknown }) => {
    if (e.sourceId === 'basemap' && e.tile) tileProblem.clear();
  });
  map = m;
  hook.map = m;
  return m;
}

/** Used when the user logs out: the next login builds a fresh map. */
export function destroyMap(): void {
  setReady(false);
  setDrawn(false);
  map?.remove();
  map = null;
  hook.map = null;
  hook.idle = false;
  delete document.documentElement.dataset.mapIdle;
}
