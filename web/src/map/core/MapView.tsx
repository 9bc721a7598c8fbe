import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getMap, getMapElement, isMapDrawn, isMapReady, onMapDrawn, onMapReady } from './map-instance.ts';
import { useTileProblem } from './tile-problem.ts';

/**
 * Puts the one map element into the page and renders its layer children once the style has loaded; says
 * "地图加载中…" over it until it has drawn (a blank square for seconds reads as broken).
 */
export function MapView({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(isMapReady());
  const [drawn, setDrawn] = useState(isMapDrawn());

  useEffect(() => {
    const host = container.current!;
    const el = getMapElement();
    host.appendChild(el);
    getMap()?.resize();
    const ro = new ResizeObserver(() => getMap()?.resize());
    ro.observe(host);
    return () => {
      ro.disconnect();
      el.remove();
    };
  }, []);

  useEffect(() => onMapReady(setReady), []);
  useEffect(() => onMapDrawn(setDrawn), []);
  // Tiles that cannot load never "draw": the map page says why instead of spinning.
  const tilesDown = useTileProblem() !== null;

  return (
    <div className="map-view" ref={container}>
      {ready ? children : null}
      {drawn || tilesDown ? null : (
        <div className="map-loading map-drawing" role="status" data-testid="map-loading">
          <span className="map-spinner" aria-hidden="true" />
          {t('map.loading')}
        </div>
      )}
    </div>
  );
}
