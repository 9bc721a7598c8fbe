import { useEffect, useReducer, useState, type Dispatch, type RefObject } from 'react';
import { LngLatBounds } from 'maplibre-gl';
import { getMap } from '../map/core/map-instance.ts';
import { clearArea } from './clear-area.ts';
import {
  followReducer,
  initialFollow,
  isUserMove,
  shouldRecentre,
  type FollowEvent,
  type FollowState,
} from './follow-me.ts';
import type { OwnPosition } from './position-tracker.ts';
import { toMap } from '../map/core/datum.ts';

/**
 * Follow-me: the camera frames the officer and the target together, in the part of the map no card or button
 * covers; a pan by the user (drag, wheel, or a finger that travels) breaks it. The map's own moves carry
 * `followMe`, so they never count as the user's. Also tracks the map's bearing for the guidance arrow.
 */
export function useFollowCamera(options: {
  mapReady: boolean;
  me: OwnPosition | null;
  target: [number, number] | null;
  overlays: RefObject<HTMLElement | null>[];
  /** Changes when an overlay appears, goes or changes size (the drone video): the camera frames the clear part again. */
  layout?: number;
}): { follow: FollowState; dispatchFollow: Dispatch<FollowEvent>; mapBearing: number } {
  const { mapReady, me, target, overlays, layout } = options;
  const [follow, dispatchFollow] = useReducer(followReducer, initialFollow);
  const [mapBearing, setMapBearing] = useState(0);

  useEffect(() => {
    const map = getMap();
    if (!map || !mapReady) return;
    const onMove = (e: { originalEvent?: unknown; followMe?: boolean }) => {
      if (isUserMove(e)) dispatchFollow({ type: 'user_pan', at: Date.now() });
    };
    const onRotate = () => setMapBearing(map.getBearing());
    // The finger itself, too: a press that travels more than a few pixels over the map is a pan.
    const el = map.getCanvasContainer();
    let start: { x: number; y: number } | null = null;
    const down = (e: PointerEvent) => (start = { x: e.clientX, y: e.clientY });
    const move = (e: PointerEvent) => {
      if (start && Math.hypot(e.clientX - start.x, e.clientY - start.y) > 8) {
        start = null;
        dispatchFollow({ type: 'user_pan', at: Date.now() });
      }
    };
    const up = () => (start = null);
    const wheel = () => dispatchFollow({ type: 'user_pan', at: Date.now() });
    el.addEventListener('pointerdown', down);
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
    el.addEventListener('wheel', wheel, { passive: true });
    map.on('dragstart', onMove);
    map.on('movestart', onMove);
    map.on('rotate', onRotate);
    return () => {
      el.removeEventListener('pointerdown', down);
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
      el.removeEventListener('wheel', wheel);
      map.off('dragstart', onMove);
      map.off('movestart', onMove);
      map.off('rotate', onRotate);
    };
  }, [mapReady]);

  useEffect(() => {
    const map = getMap();
    if (!map || !mapReady || !me || !shouldRecentre(follow)) return;
    const padding = clearArea(
      map.getContainer(),
      overlays.map((r) => r.current),
    );
    if (target) {
      const here = toMap([me.lon, me.lat]);
      const bounds = new LngLatBounds(here, here).extend(toMap(target));
      map.fitBounds(
        bounds,
        { padding, maxZoom: 17, duration: 400, bearing: map.getBearing(), linear: true },
        { followMe: true },
      );
    } else {
      map.easeTo({ center: toMap([me.lon, me.lat]), padding, duration: 400 }, { followMe: true });
    }
    // The overlay refs are stable; their elements are read when the camera moves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me, target, follow, mapReady, layout]);

  return { follow, dispatchFollow, mapBearing };
}
