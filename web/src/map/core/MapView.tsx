import { useEffect, useRef, useState, type ReactNode } from 'react';
import { getMap, getMapElement, isMapReady, onMapReady } from './map-instance.ts';

/** Puts the one map element into the page and renders its layer children once the style has loaded. */
export function MapView({ children }: { children?: ReactNode }) {
  const container = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(isMapReady());

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

  return (
    <div className="map-view" ref={container}>
      {ready ? children : null}
    </div>
  );
}
