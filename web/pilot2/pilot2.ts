/**
 * Lookout's page for DJI Pilot 2 (Cloud Service → Open Platform, GET /pilot2). The pilot signs in with his
 * Lookout account; the page then verifies the station's DJI licence, gets per-pilot broker credentials and a
 * token from POST /api/v1/dji/connect and loads DJI's components through the JSBridge: `thing` (MQTT), `api`
 * and `ws` (map elements over HTTPS and WebSocket) and `map`. It shows each part's state and unloads them all
 * on sign-out. Without `window.djiBridge` (a plain browser) it says so.
 */
import type { DjiConnection, DjiLicense } from '@lookout/contracts';
import {
  isConnectedArg,
  isYes,
  parseBridgeResult,
  serialOf,
  type ComponentName,
  type DjiBridge,
} from './dji-bridge.ts';
import { pageLang } from '../tiny-page/page-lang.ts';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

type TextKey = keyof typeof zhCN;
type Part = 'license' | ComponentName;
type PartState = 'ok' | 'pending' | 'bad' | 'off';

declare global {
  interface Window {
    djiBridge?: DjiBridge;
    /** Named in the `thing` and `ws` component parameters: DJI calls them by name. */
    lookoutThingConnectCallback?: (arg: unknown) => void;
    lookoutWsConnectCallback?: (arg: unknown) => void;
  }
}

const THING_CALLBACK = 'lookoutThingConnectCallback';
const WS_CALLBACK = 'lookoutWsConnectCallback';
const COMPONENTS: readonly ComponentName[] = ['thing', 'api', 'ws', 'map'];

const page = pageLang<TextKey>('lookout.pilot2.lang', { 'zh-CN': zhCN, en });
const t = page.t;
const el = (id: string) => document.getElementById(id) as HTMLElement;
const input = (id: string) => document.getElementById(id) as HTMLInputElement;

// ---- what the page shows ----

const parts: Record<Part, PartState> = { license: 'off', thing: 'off', api: 'off', ws: 'off', map: 'off' };
let signedIn: { name: string; callsign: string | null } | null = null;
let notice: { key: TextKey; vars?: Record<string, string | number> } | null = null;

function partText(part: Part, state: PartState): string {
  if (part === 'license') return t(state === 'ok' ? 'verified' : 'notVerified');
  if (part === 'thing' || part === 'ws') {
    return t(state === 'ok' ? 'connected' : state === 'pending' ? 'connecting' : 'disconnected');
  }
  return t(state === 'ok' ? 'loaded' : 'notLoaded');
}

function render(): void {
  page.label('title', {
    title: 'title',
    intro: 'intro',
    'username-label': 'username',
    'password-label': 'password',
    'sign-out': 'signOut',
    'state-title': 'state',
    hint: 'hint',
    lang: 'switchLang',
  });
  const button = el('sign-in') as HTMLButtonElement;
  if (!button.disabled) button.textContent = t('signIn');
  el('notice').hidden = !notice;
  el('notice').textContent = notice ? t(notice.key, notice.vars) : '';
  el('login').hidden = Boolean(signedIn);
  el('session').hidden = !signedIn;
  el('who').textContent = signedIn ? t('signedInAs', { name: signedIn.name }) : '';
  el('drone').textContent = signedIn?.callsign ? t('drone', { callsign: signedIn.callsign }) : '';
  const items = el('states').querySelectorAll('li');
  for (let i = 0; i < items.length; i++) {
    const li = items[i]!;
    const part = li.getAttribute('data-part') as Part;
    li.setAttribute('data-state', parts[part]);
    (li.querySelector('.name') as HTMLElement).textContent = t(part);
    (li.querySelector('.value') as HTMLElement).textContent = partText(part, parts[part]);
  }
}

function show(key: TextKey | null, vars?: Record<string, string | number>): void {
  notice = key ? { key, ...(vars ? { vars } : {}) } : null;
  render();
}

// ---- Lookout's API (same origin, JSON, session cookie) ----

async function api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
  return fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

// ---- DJI's components ----

function bridge(): DjiBridge | null {
  return window.djiBridge ?? null;
}

/** Reads each component's state back from Pilot 2 (the callbacks only say when a connection changes). */
function refreshStates(): void {
  const b = bridge();
  if (!b || !signedIn) return;
  parts.license = isYes(b.platformIsVerified()) ? 'ok' : 'bad';
  for (const name of COMPONENTS) {
    const loaded = isYes(b.platformIsComponentLoaded(name));
    if (!loaded) parts[name] = 'off';
    else if (name === 'thing') parts.thing = isYes(b.thingGetConnectState()) ? 'ok' : 'pending';
    else if (name === 'ws') parts.ws = isYes(b.wsGetConnectState()) ? 'ok' : 'pending';
    else parts[name] = 'ok';
  }
  render();
}

window[THING_CALLBACK] = (arg) => {
  parts.thing = isConnectedArg(arg) ? 'ok' : 'pending';
  render();
};
window[WS_CALLBACK] = (arg) => {
  parts.ws = isConnectedArg(arg) ? 'ok' : 'pending';
  render();
};

function load(b: DjiBridge, name: ComponentName, param: Record<string, unknown>): boolean {
  const ok = parseBridgeResult(b.platformLoadComponent(name, JSON.stringify(param))).code === 0;
  parts[name] = ok ? (name === 'thing' || name === 'ws' ? 'pending' : 'ok') : 'bad';
  render();
  return ok;
}

/** Licence, credentials, workspace, then DJI's components in the order its map-element sequence shows. */
async function connect(): Promise<void> {
  const b = bridge();
  if (!b) {
    show('noBridge');
    return;
  }
  const licenseRes = await api('GET', '/dji/license');
  if (licenseRes.status === 503) return show('notConfigured');
  if (!licenseRes.ok) return show('connectFailed', { status: licenseRes.status });
  const license = (await licenseRes.json()) as DjiLicense;
  const verified = parseBridgeResult(b.platformVerifyLicense(license.appId, license.appKey, license.license));
  if (verified.code !== 0 || !isYes(b.platformIsVerified())) {
    parts.license = 'bad';
    return show('licenseFailed', { message: verified.message || String(verified.code) });
  }
  parts.license = 'ok';
  const aircraftSn = serialOf(b.platformGetAircraftSN());
  const remoteControllerSn = serialOf(b.platformGetRemoteControllerSN());
  const res = await api('POST', '/dji/connect', {
    ...(aircraftSn ? { aircraftSn } : {}),
    ...(remoteControllerSn ? { remoteControllerSn } : {}),
  });
  if (!res.ok) return show('connectFailed', { status: res.status });
  const c = (await res.json()) as DjiConnection;
  if (signedIn) signedIn.callsign = c.drone.callsign;
  show(null);
  load(b, 'thing', {
    host: c.mqtt.url,
    username: c.mqtt.username,
    password: c.mqtt.password,
    connectCallback: THING_CALLBACK,
  });
  b.platformSetWorkspaceId(c.workspace.id);
  b.platformSetInformation(c.platformName, c.workspace.name, c.workspace.desc);
  load(b, 'api', { host: c.api.host, token: c.api.token });
  load(b, 'ws', { host: c.ws.host, token: c.ws.token, connectCallback: WS_CALLBACK });
  load(b, 'map', { userName: c.userName, elementPreName: 'Lookout' });
  refreshStates();
}

/** Unload DJI's components (last loaded first), revoke the DJI credentials, end the session. */
async function signOut(): Promise<void> {
  const b = bridge();
  if (b) {
    for (const name of COMPONENTS.slice().reverse()) {
      if (isYes(b.platformIsComponentLoaded(name))) b.platformUnloadComponent(name);
      parts[name] = 'off';
    }
  }
  parts.license = 'off';
  await api('POST', '/dji/disconnect').catch(() => undefined);
  await api('POST', '/auth/logout').catch(() => undefined);
  signedIn = null;
  show(null);
}

async function signIn(username: string, password: string): Promise<void> {
  const button = el('sign-in') as HTMLButtonElement;
  button.disabled = true;
  button.textContent = t('signingIn');
  try {
    const res = await api('POST', '/auth/login', { username, password });
    if (res.status === 401) return show('badLogin');
    if (!res.ok) return show('loginFailed', { status: res.status });
    await afterSignIn();
  } finally {
    button.disabled = false;
    render();
  }
}

async function afterSignIn(): Promise<void> {
  const me = await api('GET', '/auth/me');
  if (!me.ok) return;
  const { user: u } = (await me.json()) as { user: { displayName: string; roles: string[] } };
  if (!u.roles.some((r) => r === 'pilot' || r === 'admin')) {
    await api('POST', '/auth/logout');
    return show('notPilot');
  }
  signedIn = { name: u.displayName, callsign: null };
  render();
  await connect();
}

el('login').addEventListener('submit', (e) => {
  e.preventDefault();
  void signIn(input('username').value.trim(), input('password').value);
});
el('sign-out').addEventListener('click', () => void signOut());
el('lang').addEventListener('click', (e) => {
  e.preventDefault();
  page.toggle();
  render();
});

render();
if (!bridge()) show('noBridge');
// A pilot still signed in (Pilot 2 reopened the page) connects again at once.
void afterSignIn();
setInterval(refreshStates, 3000);
