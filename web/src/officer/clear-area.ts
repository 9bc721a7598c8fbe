import type { PaddingOptions } from 'maplibre-gl';

/**
 * The part of the map no overlay covers, as camera padding: overlays in the upper half push the top edge down,
 * those in the lower half push the bottom edge up; a margin keeps the target's ring and label clear of them.
 */
export function clearArea(container: HTMLElement, overlays: (HTMLElement | null)[], margin = 28): PaddingOptions {
  const c = container.getBoundingClientRect();
  const pad = { top: margin, bottom: margin, left: margin, right: margin };
  for (const el of overlays) {
    if (!el) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.bottom <= c.top || r.top >= c.bottom) continue;
    if ((r.top + r.bottom) / 2 < (c.top + c.bottom) / 2) pad.top = Math.max(pad.top, r.bottom - c.top + margin);
    else pad.bottom = Math.max(pad.bottom, c.bottom - r.top + margin);
  }
  // Never less than a strip to draw in: a phone on its side may be short.
  const room = c.height - pad.top - pad.bottom;
  if (room < 80) {
    const cut = (80 - room) / 2;
    pad.top = Math.max(0, pad.top - cut);
    pad.bottom = Math.max(0, pad.bottom - cut);
  }
  return pad;
}
