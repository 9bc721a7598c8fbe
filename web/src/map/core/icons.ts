import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * Map symbols drawn on a canvas and added with `addImage`, so no sprite server is needed. Shapes differ by
 * kind, not only by colour: a drone is an arrow in a disc (rotated by its heading), a sighting a diamond.
 */
const PIXEL_RATIO = 2;

function draw(size: number, paint: (ctx: CanvasRenderingContext2D, s: number) => void): ImageData {
  const px = size * PIXEL_RATIO;
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(PIXEL_RATIO, PIXEL_RATIO);
  paint(ctx, size);
  return ctx.getImageData(0, 0, px, px);
}

function drone(fill: string): ImageData {
  return draw(36, (ctx, s) => {
    const c = s / 2;
    ctx.beginPath();
    ctx.arc(c, c, c - 2, 0, Math.PI * 2);
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
    // Arrow pointing north; the layer rotates it by the heading.
    ctx.beginPath();
    ctx.moveTo(c, 6);
    ctx.lineTo(c + 9, s - 9);
    ctx.lineTo(c, s - 13);
    ctx.lineTo(c - 9, s - 9);
    ctx.closePath();
    ctx.fillStyle = '#ffffff';
    ctx.fill();
  });
}

function sighting(fill: string, mark: string): ImageData {
  return draw(34, (ctx, s) => {
    const c = s / 2;
    ctx.beginPath();
    ctx.moveTo(c, 2);
    ctx.lineTo(s - 2, c);
    ctx.lineTo(c, s - 2);
    ctx.lineTo(2, c);
    ctx.closePath();
    ctx.fillStyle = fill;
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
    ctx.fillStyle = '#ffffff';
    ctx.font = `bold 16px sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(mark, c, c + 1);
  });
}

export const ICONS = {
  drone: 'lookout-drone',
  droneStale: 'lookout-drone-stale',
  sightingNew: 'lookout-sighting-new',
  sightingConfirmed: 'lookout-sighting-confirmed',
  sightingDismissed: 'lookout-sighting-dismissed',
} as const;

export function createIcons(map: MapLibreMap): void {
  const add = (name: string, data: ImageData) => {
    if (!map.hasImage(name)) map.addImage(name, data, { pixelRatio: PIXEL_RATIO });
  };
  add(ICONS.drone, drone('#1565c0'));
  add(ICONS.droneStale, drone('#8a8f98'));
  add(ICONS.sightingNew, sighting('#e65100', '!'));
  add(ICONS.sightingConfirmed, sighting('#2e7d32', '✓'));
  add(ICONS.sightingDismissed, sighting('#9e9e9e', '×'));
}
