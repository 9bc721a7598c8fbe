import type { AppConfig } from '../api-types.ts';
import { currentLanguage } from '../i18n.ts';
import { loadBasemap, type BasemapKind } from '../map/core/basemap.ts';
import { createMap, getMap } from '../map/core/map-instance.ts';

const MAPLIBRE_ZH: Record<string, string> = {
  'NavigationControl.ZoomIn': '放大',
  'NavigationControl.ZoomOut': '缩小',
  'NavigationControl.ResetBearing': '指北',
  'AttributionControl.ToggleAttribution': '数据来源',
  'Popup.Close': '关闭',
};

/** Creates the one map for a page that opens first (the officer view); later pages reuse it. */
export async function ensureMap(
  config: AppConfig,
  center?: [number, number],
  zoom?: number,
): Promise<BasemapKind | null> {
  if (getMap()) return null;
  const b = await loadBasemap(config.basemap);
  if (getMap()) return null;
  createMap({
    style: b.style,
    datum: b.datum,
    center: center ?? config.center,
    zoom: zoom ?? Math.max(config.zoom, 15),
    locale: currentLanguage() === 'en' ? {} : MAPLIBRE_ZH,
  });
  document.documentElement.dataset.basemap = b.kind;
  return b.kind;
}
