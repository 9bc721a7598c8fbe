/**
 * An outside team's guidance page (GET /u/:token): no account, no map library. Shows the arrow to the target
 * (turned by the phone's compass where there is one, else north-up), the distance and the walking time, the
 * buttons 出发 / 到达 / 找到 / 撤回, and sends the team's position back every 10 s while the page is open. Taps and
 * positions wait in the page's queue on a weak network (team-sync.ts) and the page says so.
 */
import { pageLang } from '../tiny-page/page-lang.ts';
import {
  arrowRotation,
  compassPoint,
  distanceText,
  etaText,
  guidance,
  headingFromOrientation,
} from '../src/officer/guidance.ts';
import { STEPS, statusAfter, stepAllowed, type Status, type Step } from './team-steps.ts';
import { TeamSync, type LinkState, type QueuedStep } from './team-sync.ts';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

type TextKey = keyof typeof zhCN;

interface View {
  unit: { callsign: string; agency: string | null };
  case: { kind: string; subjectCount: number | null };
  assignment: { status: Status; target: { lon: number; lat: number } };
}

/** What the browser test reads. */
interface TeamProbe {
  state: LinkState;
  status: Status | null;
  positionsSent: number;
}
declare global {
  interface Window {
    __team?: TeamProbe;
  }
}

const POSITION_EVERY_MS = 10_000;
const VIEW_EVERY_MS = 15_000;

const probe: TeamProbe = { state: 'loading', status: null, positionsSent: 0 };
window.__team = probe;
const page = pageLang<TextKey>('lookout.team.lang', { 'zh-CN': zhCN, en });
const t = (key: string, vars?: Record<string, string | number>) => page.t(key as TextKey, vars);
const el = (id: string) => document.getElementById(id) as HTMLElement;

const token = (() => {
  const m = /\/u\/([^/?#]+)/.exec(location.pathname);
  return m ? m[1]! : '';
})();

let view: View | null = null;
let linkState: LinkState = 'loading';
let attempts = 0;
let here: { lon: number; lat: number } | null = null;
let positionDenied = false;
let heading: number | null = null;
let armedStandDown = false;
let message: string | null = null;

const sync = new TeamSync('/api/v1/public/team/' + encodeURIComponent(token), {
  onView(body) {
    view = body as View;
    render();
  },
  onStepStored(_step: QueuedStep, body) {
    const b = body as { status?: Status } | null;
    if (view && b?.status) view.assignment.status = b.status;
    message = null;
    render();
  },
  onStepRefused(step) {
    message = t('stepRefused', { step: t('step.' + step.status) });
    render();
  },
  onState(state, n) {
    linkState = state;
    attempts = n;
    if (state === 'gone' || state === 'unknown') stopSharing();
    render();
  },
});

function shownStatus(): Status | null {
  if (!view) return null;
  return statusAfter(
    view.assignment.status,
    sync.steps.map((s) => s.status),
  );
}

function renderConnection(): void {
  const conn = el('conn');
  let text: string;
  let state: string = linkState;
  if (linkState === 'retrying') {
    text = t(navigator.onLine === false ? 'offline' : 'retrying', { n: attempts, queued: sync.queued });
  } else if (linkState === 'online') text = t('online');
  else if (linkState === 'gone') text = t('gone');
  else if (linkState === 'unknown') text = t('unknown');
  else text = t('loading');
  if (navigator.onLine === false && linkState !== 'gone' && linkState !== 'unknown') {
    state = 'retrying';
    text = t('offline', { queued: sync.queued });
  }
  conn.setAttribute('data-state', state);
  el('conn-text').textContent = text;
  probe.state = linkState;
}

function renderGuidance(): void {
  const section = el('guide');
  section.hidden = !view || linkState === 'gone' || linkState === 'unknown';
  if (!view) return;
  const lang = page.lang;
  const target = view.assignment.target;
  if (!here) {
    el('distance').textContent = positionDenied ? '' : t('noPosition');
    el('eta').textContent = '';
    el('bearing').textContent = positionDenied ? t('positionDenied') : '';
    el('arrow').style.display = 'none';
    el('heading-mode').textContent = '';
    return;
  }
  const g = guidance([here.lon, here.lat], [target.lon, target.lat]);
  el('distance').textContent = distanceText(g.distanceM, lang);
  el('eta').textContent = t('eta', { eta: etaText(g.etaMin, lang) });
  el('bearing').textContent = t('bearing', { point: t(compassPoint(g.bearingDeg)), deg: Math.round(g.bearingDeg) });
  const arrow = el('arrow');
  arrow.style.display = '';
  const turn = arrowRotation(g.bearingDeg, heading);
  arrow.style.transform = 'rotate(' + Math.round(turn) + 'deg)';
  arrow.setAttribute('data-rotation', String(Math.round(turn)));
  el('heading-mode').textContent = t(heading === null ? 'headingNorth' : 'headingCompass');
}

function renderSteps(): void {
  const status = shownStatus();
  probe.status = status;
  const box = el('status');
  box.hidden = status === null;
  box.setAttribute('data-status', status ?? '');
  el('status-label').textContent = t('statusLabel');
  el('status-value').textContent = status ? t('status.' + status) : '';
  const usable = linkState !== 'gone' && linkState !== 'unknown' && status !== null;
  for (const step of STEPS) {
    const b = el('step-' + step) as HTMLButtonElement;
    b.disabled = !usable || !stepAllowed(status!, step);
    b.textContent = step === 'stood_down' && armedStandDown ? t('confirmStandDown') : t('step.' + step);
  }
  el('steps').hidden = !usable;
  const m = el('message');
  const queuedStep = sync.steps.length > 0 && linkState === 'retrying';
  const text =
    message ?? (queuedStep ? t('stepQueued', { step: t('step.' + sync.steps[sync.steps.length - 1]!.status) }) : null);
  m.hidden = text === null;
  m.textContent = text ?? '';
}

function render(): void {
  page.label('title', { title: 'title', lang: 'switchLang', 'compass-tip': 'headingNorth', compass: 'compassTap' });
  if (view) {
    el('who').textContent = view.unit.agency
      ? t('who', { callsign: view.unit.callsign, agency: view.unit.agency })
      : t('whoNoAgency', { callsign: view.unit.callsign });
    el('case').textContent = t('caseLine', {
      kind: t('kind.' + view.case.kind),
      count: view.case.subjectCount ? t('count', { n: view.case.subjectCount }) : '',
    });
  }
  renderConnection();
  renderGuidance();
  renderSteps();
  el('share').textContent = sharing ? t('share') : shownStatus() === 'stood_down' ? t('shareStopped') : '';
}

// ---- position ----

let sharing = false;
let watchId: number | null = null;
let shareTimer: ReturnType<typeof setInterval> | null = null;
let lastQueuedAt = 0;

function stopSharing(): void {
  sharing = false;
  if (watchId !== null) navigator.geolocation.clearWatch(watchId);
  if (shareTimer !== null) clearInterval(shareTimer);
  watchId = null;
  shareTimer = null;
}

/** The newest fix, and whether it is already in the queue. */
let latest: { lon: number; lat: number; accuracy: number; t: number } | null = null;
let latestQueued = true;

/** At most one position per beat: the newest one, so a fix that came too soon after the last is sent on the next beat. */
function queueLatest(): void {
  if (!sharing || !latest || latestQueued) return;
  lastQueuedAt = Date.now();
  latestQueued = true;
  sync.addPosition(latest);
  sync.flushPositions();
  probe.positionsSent++;
}

function onPosition(pos: GeolocationPosition): void {
  here = { lon: pos.coords.longitude, lat: pos.coords.latitude };
  positionDenied = false;
  latest = {
    lon: here.lon,
    lat: here.lat,
    accuracy: Math.min(Math.max(pos.coords.accuracy, 1), 50000),
    t: Math.round(pos.timestamp || Date.now()),
  };
  latestQueued = false;
  if (Date.now() - lastQueuedAt >= POSITION_EVERY_MS - 500) queueLatest();
  render();
}

function startSharing(): void {
  if (!navigator.geolocation) return;
  sharing = true;
  watchId = navigator.geolocation.watchPosition(
    onPosition,
    (err) => {
      if (err.code === 1) {
        positionDenied = true;
        render();
      }
    },
    { enableHighAccuracy: true, maximumAge: 5000, timeout: 60000 },
  );
  // Each beat sends the newest fix not yet sent; a team standing still may get no new fix from the watch, so ask.
  shareTimer = setInterval(() => {
    queueLatest();
    navigator.geolocation.getCurrentPosition(onPosition, () => undefined, {
      enableHighAccuracy: true,
      maximumAge: 5000,
      timeout: 9000,
    });
  }, POSITION_EVERY_MS);
}

// ---- compass ----

function listenCompass(): void {
  if (typeof DeviceOrientationEvent === 'undefined') return;
  const absolute = 'ondeviceorientationabsolute' in window;
  window.addEventListener(absolute ? 'deviceorientationabsolute' : 'deviceorientation', (e: Event) => {
    const o = e as DeviceOrientationEvent & { webkitCompassHeading?: number };
    const screenAngle = screen.orientation ? screen.orientation.angle : 0;
    const h = headingFromOrientation(
      { alpha: o.alpha, absolute: absolute || o.absolute, webkitCompassHeading: o.webkitCompassHeading },
      screenAngle,
    );
    if (h === null) return;
    heading = Math.round(h);
    renderGuidance();
  });
}

type WithPermission = { requestPermission?: () => Promise<'granted' | 'denied'> };
function setUpCompass(): void {
  const ctor = (typeof DeviceOrientationEvent !== 'undefined' ? DeviceOrientationEvent : undefined) as
    WithPermission | undefined;
  if (ctor && typeof ctor.requestPermission === 'function') {
    // iOS asks on a tap.
    const button = el('compass');
    button.hidden = false;
    button.addEventListener('click', () => {
      ctor.requestPermission!().then(
        (r) => {
          button.hidden = true;
          if (r === 'granted') listenCompass();
        },
        () => (button.hidden = true),
      );
    });
  } else listenCompass();
}

// ---- taps ----

for (const step of STEPS) {
  el('step-' + step).addEventListener('click', () => {
    const status = shownStatus();
    if (!status || !stepAllowed(status, step)) return;
    if (step === 'stood_down' && !armedStandDown) {
      armedStandDown = true;
      render();
      setTimeout(() => {
        armedStandDown = false;
        render();
      }, 4000);
      return;
    }
    armedStandDown = false;
    message = null;
    sync.addStep(step as Step);
    if (step === 'stood_down') stopSharing();
    render();
  });
}
el('lang').addEventListener('click', (e) => {
  e.preventDefault();
  page.toggle();
  render();
});
window.addEventListener('online', () => {
  sync.refresh();
  render();
});
window.addEventListener('offline', render);

if (!token) {
  linkState = 'unknown';
  render();
} else {
  render();
  sync.refresh();
  setInterval(() => {
    if (!sync.stopped) sync.refresh();
  }, VIEW_EVERY_MS);
  setInterval(() => sync.flushPositions(), POSITION_EVERY_MS);
  setUpCompass();
  startSharing();
}
