/**
 * The caller location page (GET /l/:token). Asks for the position with high accuracy, posts the first fix at
 * once to POST /api/v1/public/locate/:token, then every 30 s and on a large move while the page is open, with
 * the battery level where the browser gives it; retries on a bad network with the same idempotency key; says
 * in plain words what happened and what to do when it fails. ES2015, XMLHttpRequest, no Promise required.
 */
import { pageLang } from '../tiny-page/page-lang.ts';
import { coordTexts } from './coords.ts';
import { POST_EVERY_MS, shouldPost, type FixLike } from './fix-policy.ts';
import { classifyStatus, newKey, PostQueue, retryDelayMs } from './post-queue.ts';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

type TextKey = keyof typeof zhCN;

interface LocateBody {
  lat: number;
  lon: number;
  accuracy: number;
  t: number;
  battery?: number;
  idempotencyKey: string;
}

/** Timings and counters the browser test reads (page clock, ms). */
interface CallerProbe {
  requestedAt: number | null;
  firstFixAt: number | null;
  storedAt: number | null;
  posts: number;
  stored: number;
  retries: number;
  state: string;
}

declare global {
  interface Window {
    __caller?: CallerProbe;
  }
}

const probe: CallerProbe = {
  requestedAt: null,
  firstFixAt: null,
  storedAt: null,
  posts: 0,
  stored: 0,
  retries: 0,
  state: 'starting',
};
window.__caller = probe;

const page = pageLang<TextKey>('lookout.caller.lang', { 'zh-CN': zhCN, en });
const t = page.t;

function el(id: string): HTMLElement {
  return document.getElementById(id) as HTMLElement;
}

const token = (() => {
  const m = /\/l\/([^/?#]+)/.exec(location.pathname);
  return m ? m[1]! : '';
})();

// ---- what the page shows ----

type Shown =
  | { state: 'asking' }
  | { state: 'sending' }
  | { state: 'sent'; acc: number; at: number }
  | { state: 'retrying'; n: number; rateLimited: boolean }
  | { state: 'error'; main: TextKey; help: TextKey | null; canRetry: boolean };

let shown: Shown = { state: 'asking' };
let lastFix: FixLike | null = null;
let stopped = false;

function clock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => (n < 10 ? '0' + n : String(n));
  return p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
}

function render(): void {
  page.label('title', {
    title: 'title',
    intro: 'intro',
    'coords-title': 'yourPosition',
    'lat-label': 'lat',
    'lon-label': 'lon',
    'dec-label': 'decimal',
    retry: 'retry',
    call: 'call',
    lang: 'switchLang',
    'battery-tip': 'batteryTip',
  });

  const status = el('status');
  status.setAttribute('data-state', shown.state);
  probe.state = shown.state;
  let main = '';
  let detail = '';
  let help: string | null = null;
  let canRetry = false;
  switch (shown.state) {
    case 'asking':
      main = t('asking');
      break;
    case 'sending':
      main = t('sending');
      break;
    case 'sent':
      main = t('sent', { acc: shown.acc });
      detail = t('sentDetail', { time: clock(shown.at) });
      break;
    case 'retrying':
      main = shown.rateLimited ? t('rateLimited') : t('retrying', { n: shown.n });
      help = t('failHelp');
      break;
    case 'error':
      main = t(shown.main);
      help = shown.help ? t(shown.help) : null;
      canRetry = shown.canRetry;
      break;
  }
  el('status-main').textContent = main;
  el('status-detail').textContent = detail;
  const helpEl = el('help');
  helpEl.hidden = help === null;
  helpEl.textContent = help ?? '';
  el('retry').hidden = !canRetry;

  const coords = el('coords');
  coords.hidden = lastFix === null;
  if (lastFix) {
    const c = coordTexts(lastFix.lat, lastFix.lon, page.lang);
    el('lat-dms').textContent = c.latDms;
    el('lon-dms').textContent = c.lonDms;
    el('decimal').textContent = c.decimal;
    el('accuracy').textContent = t('accuracy', { acc: Math.round(lastFix.accuracy) });
  }
}

function show(s: Shown): void {
  shown = s;
  render();
}

// ---- sending ----

const queue = new PostQueue<LocateBody>();
let inFlight = false;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let lastPosted: FixLike | null = null;
let lastPostedAt = 0;
let battery: number | undefined;

function stopAll(): void {
  stopped = true;
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  if (tickTimer !== null) clearInterval(tickTimer);
  if (retryTimer !== null) clearTimeout(retryTimer);
}

function pump(): void {
  if (inFlight || stopped || retryTimer !== null) return;
  const item = queue.head();
  if (!item) return;
  inFlight = true;
  probe.posts++;
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/v1/public/locate/' + encodeURIComponent(token), true);
  xhr.setRequestHeader('content-type', 'application/json');
  xhr.timeout = 20000;
  let finished = false;
  const done = () => {
    if (finished) return;
    finished = true;
    inFlight = false;
    onAnswer(xhr.status, xhr.responseText);
  };
  xhr.onload = done;
  xhr.onerror = done;
  xhr.ontimeout = done;
  xhr.onabort = done;
  xhr.send(JSON.stringify(item.body));
}

function onAnswer(status: number, text: string): void {
  const item = queue.head();
  if (!item) return;
  const outcome = classifyStatus(status);
  switch (outcome) {
    case 'stored': {
      queue.done();
      probe.stored++;
      if (probe.storedAt === null) probe.storedAt = now();
      let acc = Math.round(item.body.accuracy);
      try {
        const body = JSON.parse(text) as { accuracyM?: number };
        if (typeof body.accuracyM === 'number') acc = body.accuracyM;
      } catch {
        // The answer is not needed beyond its status.
      }
      if (queue.size === 0) show({ state: 'sent', acc, at: Date.now() });
      pump();
      return;
    }
    case 'drop':
      queue.done();
      if (shown.state !== 'sent') show({ state: 'error', main: 'dropped', help: 'failHelp', canRetry: true });
      pump();
      return;
    case 'gone':
      stopAll();
      show({ state: 'error', main: 'gone', help: 'goneHelp', canRetry: false });
      return;
    case 'unknown_link':
      stopAll();
      show({ state: 'error', main: 'unknown', help: 'unknownHelp', canRetry: false });
      return;
    case 'retry': {
      item.attempts++;
      probe.retries++;
      let wait = retryDelayMs(item.attempts);
      if (status === 429) {
        try {
          const body = JSON.parse(text) as { error?: { details?: { retryAfterS?: number } } };
          const s = body.error?.details?.retryAfterS;
          if (typeof s === 'number' && s > 0) wait = Math.max(wait, s * 1000);
        } catch {
          // Keep the computed wait.
        }
      }
      show({ state: 'retrying', n: item.attempts, rateLimited: status === 429 });
      retryTimer = setTimeout(() => {
        retryTimer = null;
        pump();
      }, wait);
      return;
    }
  }
}

function now(): number {
  return window.performance && performance.now ? performance.now() : Date.now();
}

// ---- the position ----

let watchId: number | null = null;
let tickTimer: ReturnType<typeof setInterval> | null = null;

function onPosition(pos: GeolocationPosition): void {
  if (stopped) return;
  const fix: FixLike = {
    lat: pos.coords.latitude,
    lon: pos.coords.longitude,
    accuracy: pos.coords.accuracy > 0 ? pos.coords.accuracy : 1,
    t: pos.timestamp || Date.now(),
  };
  if (probe.firstFixAt === null) probe.firstFixAt = now();
  lastFix = fix;
  if (shouldPost(lastPosted, lastPostedAt, fix, Date.now())) {
    lastPosted = fix;
    lastPostedAt = Date.now();
    const body: LocateBody = {
      lat: fix.lat,
      lon: fix.lon,
      accuracy: Math.min(fix.accuracy, 50000),
      t: Math.round(fix.t),
      idempotencyKey: newKey(),
    };
    if (battery !== undefined) body.battery = battery;
    queue.add(body, body.idempotencyKey);
    if (shown.state === 'asking' || shown.state === 'error') show({ state: 'sending' });
    else render();
    pump();
  } else {
    render();
  }
}

function onPositionError(err: GeolocationPositionError): void {
  if (stopped) return;
  // Once a fix is on its way, a later timeout of the watch changes nothing for the caller.
  if (lastFix !== null && err.code !== 1) return;
  if (err.code === 1) {
    const insecure = window.isSecureContext === false;
    show({
      state: 'error',
      main: insecure ? 'insecure' : 'denied',
      help: insecure ? null : 'deniedHelp',
      canRetry: !insecure,
    });
  } else {
    show({ state: 'error', main: 'unavailable', help: null, canRetry: true });
  }
}

const GEO_OPTIONS: PositionOptions = { enableHighAccuracy: true, maximumAge: 0, timeout: 60000 };

function startLocating(): void {
  if (!navigator.geolocation) {
    show({ state: 'error', main: 'unsupported', help: null, canRetry: false });
    return;
  }
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  if (!lastFix) show({ state: 'asking' });
  probe.requestedAt = now();
  watchId = navigator.geolocation.watchPosition(onPosition, onPositionError, GEO_OPTIONS);
  if (tickTimer === null) {
    // A phone lying still may get no new fix from the watch: ask for one every 30 s.
    tickTimer = setInterval(() => {
      if (stopped) return;
      navigator.geolocation.getCurrentPosition(onPosition, () => undefined, {
        enableHighAccuracy: true,
        maximumAge: 5000,
        timeout: 25000,
      });
    }, POST_EVERY_MS);
  }
}

function readBattery(): void {
  const nav = navigator as Navigator & {
    getBattery?: () => Promise<{ level: number; addEventListener?: (k: string, f: () => void) => void }>;
  };
  if (typeof nav.getBattery !== 'function') return;
  try {
    nav.getBattery().then(
      (b) => {
        battery = b.level;
        if (b.addEventListener) b.addEventListener('levelchange', () => (battery = b.level));
      },
      () => undefined,
    );
  } catch {
    // Some WebViews expose getBattery but throw.
  }
}

el('retry').addEventListener('click', () => {
  if (stopped) return;
  startLocating();
});
el('lang').addEventListener('click', (e) => {
  e.preventDefault();
  page.toggle();
  render();
});

if (!token) {
  stopped = true;
  show({ state: 'error', main: 'unknown', help: 'unknownHelp', canRetry: false });
} else {
  readBattery();
  render();
  startLocating();
}
