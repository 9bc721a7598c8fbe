import { useCallback, useEffect, useState } from 'react';
import { headingFromOrientation } from './guidance.ts';

/** Compass heading from the phone's orientation sensor, once enabled (iOS asks for permission on a tap). */
export function useCompass(): { heading: number | null; needsTap: boolean; denied: boolean; enable: () => void } {
  const [heading, setHeading] = useState<number | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [denied, setDenied] = useState(false);
  type WithPermission = { requestPermission?: () => Promise<'granted' | 'denied'> };
  const needsPermission =
    typeof DeviceOrientationEvent !== 'undefined' &&
    typeof (DeviceOrientationEvent as unknown as WithPermission).requestPermission === 'function';

  useEffect(() => {
    if (typeof DeviceOrientationEvent === 'undefined' || (needsPermission && !enabled)) return;
    const absolute = 'ondeviceorientationabsolute' in window;
    const name = absolute ? 'deviceorientationabsolute' : 'deviceorientation';
    const on = (e: Event) => {
      const o = e as DeviceOrientationEvent & { webkitCompassHeading?: number };
      const h = headingFromOrientation(
        { alpha: o.alpha, absolute: absolute || o.absolute, webkitCompassHeading: o.webkitCompassHeading },
        screen.orientation?.angle ?? 0,
      );
      if (h !== null) setHeading(Math.round(h));
    };
    window.addEventListener(name, on);
    return () => window.removeEventListener(name, on);
  }, [enabled, needsPermission]);

  const enable = useCallback(() => {
    const ctor = DeviceOrientationEvent as unknown as WithPermission;
    if (!ctor.requestPermission) return;
    // Called on the class: a detached static method throws "Illegal invocation" in Chromium.
    ctor
      .requestPermission()
      .then((r) => {
        setEnabled(r === 'granted');
        setDenied(r !== 'granted');
      })
      .catch(() => setDenied(true));
  }, []);
  return { heading, needsTap: needsPermission && !enabled && !denied, denied, enable };
}
