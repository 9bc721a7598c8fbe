/**
 * The card page's small map: XYZ raster tiles as <img> elements, one-finger drag to pan, +/− to zoom, a tap to drop
 * the tipper's pin. No map library (the page must open fast in WeChat's in-app browser on a poor link), ES2015,
 * touch and mouse events (old WebViews have no pointer events). Without a tile server it still works: a plain
 * grid with the alert's place marked, so a pin "200 m north of where the child was seen" can still be dropped.
 */
import { metresPerPixel, project, TILE, tilesFor, tileUrl, unproject, type Px } from './tile-math.ts';

export interface LonLat {
  lon: number;
  lat: number;
}

export interface PinMapOptions {
  /** XYZ template, or null when the station has no raster basemap. */
  template: string | null;
  attribution: string | null;
  centre: LonLat;
  /** The alert's place (drawn as a ring). */
  place: LonLat;
  zoom: number;
  onPin: (p: LonLat) => void;
  /** Tells the page the scale, e.g. "100 米". */
  scaleText: (metres: number) => string;
}

const MIN_ZOOM = 11;
const MAX_ZOOM = 18;
/** A press that travels less than this is a tap (drop the pin), not a pan. */
const TAP_PX = 8;

export class PinMap {
  private centre: Px;
  private zoom: number;
  private pin: LonLat | null = null;
  private readonly tiles: HTMLElement;
  private readonly overlay: HTMLElement;
  private readonly placeEl: HTMLElement;
  private readonly pinEl: HTMLElement;
  private readonly scaleEl: HTMLElement;
  private drag: { x: number; y: number; moved: boolean; start: Px } | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly opts: PinMapOptions,
  ) {
    this.zoom = opts.zoom;
    this.centre = project(opts.centre.lon, opts.centre.lat, this.zoom);
    root.className += ' pin-map' + (opts.template ? '' : ' no-tiles');
    this.tiles = div('pin-map-tiles');
    this.overlay = div('pin-map-overlay');
    this.placeEl = div('pin-map-place');
    this.pinEl = div('pin-map-pin');
    this.pinEl.style.display = 'none';
    this.scaleEl = div('pin-map-scale');
    this.overlay.appendChild(this.placeEl);
    this.overlay.appendChild(this.pinEl);
    root.appendChild(this.tiles);
    root.appendChild(this.overlay);
    root.appendChild(this.scaleEl);
    root.appendChild(this.zoomButtons());
    if (opts.attribution) {
      const a = div('pin-map-attribution');
      a.textContent = opts.attribution;
      root.appendChild(a);
    }
    this.listen();
    this.render();
  }

  /** Drops (or moves) the pin and brings it into view. */
  setPin(p: LonLat, recentre: boolean): void {
    this.pin = p;
    if (recentre) this.centre = project(p.lon, p.lat, this.zoom);
    this.render();
  }

  getPin(): LonLat | null {
    return this.pin;
  }

  private size(): { w: number; h: number } {
    return { w: this.root.clientWidth || 320, h: this.root.clientHeight || 220 };
  }

  private zoomTo(z: number): void {
    const next = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
    if (next === this.zoom) return;
    const ll = unproject(this.centre, this.zoom);
    this.zoom = next;
    this.centre = project(ll.lon, ll.lat, next);
    this.render();
  }

  private zoomButtons(): HTMLElement {
    const box = div('pin-map-zoom');
    const plus = document.createElement('button');
    plus.type = 'button';
    plus.textContent = '+';
    plus.setAttribute('aria-label', 'zoom in');
    plus.onclick = () => this.zoomTo(this.zoom + 1);
    const minus = document.createElement('button');
    minus.type = 'button';
    minus.textContent = '−';
    minus.setAttribute('aria-label', 'zoom out');
    minus.onclick = () => this.zoomTo(this.zoom - 1);
    box.appendChild(plus);
    box.appendChild(minus);
    return box;
  }

  private screenToLonLat(clientX: number, clientY: number): LonLat {
    const r = this.root.getBoundingClientRect();
    const { w, h } = this.size();
    return unproject(
      { x: this.centre.x + clientX - r.left - w / 2, y: this.centre.y + clientY - r.top - h / 2 },
      this.zoom,
    );
  }

  private listen(): void {
    const down = (x: number, y: number) => {
      this.drag = { x, y, moved: false, start: { x: this.centre.x, y: this.centre.y } };
    };
    const move = (x: number, y: number): boolean => {
      const d = this.drag;
      if (!d) return false;
      if (!d.moved && Math.abs(x - d.x) + Math.abs(y - d.y) > TAP_PX) d.moved = true;
      if (d.moved) {
        this.centre = { x: d.start.x - (x - d.x), y: d.start.y - (y - d.y) };
        this.render();
      }
      return d.moved;
    };
    const up = (x: number, y: number) => {
      const d = this.drag;
      this.drag = null;
      if (d && !d.moved) {
        this.pin = this.screenToLonLat(x, y);
        this.render();
        this.opts.onPin(this.pin);
      }
    };
    const surface = this.overlay;
    surface.addEventListener('touchstart', (e) => {
      if (e.touches.length !== 1) return ((this.drag = null), undefined);
      down(e.touches[0]!.clientX, e.touches[0]!.clientY);
    });
    surface.addEventListener(
      'touchmove',
      (e) => {
        if (e.touches.length === 1 && move(e.touches[0]!.clientX, e.touches[0]!.clientY)) e.preventDefault();
      },
      { passive: false } as AddEventListenerOptions,
    );
    surface.addEventListener('touchend', (e) => {
      const t = e.changedTouches[0];
      if (t && this.drag) {
        e.preventDefault(); // no synthetic mouse events after a touch
        up(t.clientX, t.clientY);
      }
    });
    surface.addEventListener('mousedown', (e) => down(e.clientX, e.clientY));
    window.addEventListener('mousemove', (e) => void move(e.clientX, e.clientY));
    window.addEventListener('mouseup', (e) => {
      if (this.drag) up(e.clientX, e.clientY);
    });
  }

  private place(el: HTMLElement, ll: LonLat): void {
    const { w, h } = this.size();
    const p = project(ll.lon, ll.lat, this.zoom);
    el.style.left = Math.round(p.x - this.centre.x + w / 2) + 'px';
    el.style.top = Math.round(p.y - this.centre.y + h / 2) + 'px';
  }

  private render(): void {
    const { w, h } = this.size();
    if (this.opts.template) {
      const wanted = tilesFor(this.centre, this.zoom, w, h);
      const keep: Record<string, HTMLImageElement> = {};
      const old = this.tiles.children;
      for (let i = old.length - 1; i >= 0; i--) {
        const img = old[i] as HTMLImageElement;
        keep[img.getAttribute('data-key') ?? ''] = img;
        this.tiles.removeChild(img);
      }
      for (let i = 0; i < wanted.length; i++) {
        const t = wanted[i]!;
        const key = t.z + '/' + t.x + '/' + t.y + '@' + t.left + ',' + t.top;
        const existing = keep[t.z + '/' + t.x + '/' + t.y];
        const img = existing ?? document.createElement('img');
        if (!existing) {
          img.alt = '';
          img.draggable = false;
          img.src = tileUrl(this.opts.template, t.z, t.x, t.y);
        }
        img.setAttribute('data-key', t.z + '/' + t.x + '/' + t.y);
        img.style.left = Math.round(t.left) + 'px';
        img.style.top = Math.round(t.top) + 'px';
        img.style.width = TILE + 'px';
        img.style.height = TILE + 'px';
        void key;
        this.tiles.appendChild(img);
      }
    } else {
      // A 100 m grid (in screen pixels) so a pan is still visible without tiles.
      const mpp = metresPerPixel(unproject(this.centre, this.zoom).lat, this.zoom);
      const step = Math.max(16, 100 / mpp);
      this.tiles.style.backgroundSize = step + 'px ' + step + 'px';
      this.tiles.style.backgroundPosition =
        -((this.centre.x - w / 2) % step) + 'px ' + -((this.centre.y - h / 2) % step) + 'px';
    }
    this.place(this.placeEl, this.opts.place);
    if (this.pin) {
      this.pinEl.style.display = '';
      this.place(this.pinEl, this.pin);
    } else {
      this.pinEl.style.display = 'none';
    }
    const mpp = metresPerPixel(unproject(this.centre, this.zoom).lat, this.zoom);
    const metres = niceMetres(mpp * 80);
    this.scaleEl.style.width = Math.round(metres / mpp) + 'px';
    this.scaleEl.textContent = this.opts.scaleText(metres);
  }
}

function div(cls: string): HTMLElement {
  const d = document.createElement('div');
  d.className = cls;
  return d;
}

/** 1, 2 or 5 × 10^n metres at or below `m`. */
export function niceMetres(m: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(Math.max(m, 1))));
  const f = m / p;
  return (f >= 5 ? 5 : f >= 2 ? 2 : 1) * p;
}
