/**
 * The public card page (GET /t/:token): the public tier of a tadpole alert and a tip form, no login. Posts a tip
 * with an idempotency key made once per tip and retries on a bad network with the same key; says in plain words
 * what happened; after the retraction shows "已找到，感谢" over a blurred card. ES2015, XMLHttpRequest, no map
 * library (see pin-map.ts), so it opens in WeChat's in-app browser on a poor link.
 */
import { classifyStatus, newKey, retryDelayMs } from '../caller/post-queue.ts';
import { pageLang } from '../tiny-page/page-lang.ts';
import { cardView, telHref, tileTemplate, type CardView, type PublicCard } from './card-state.ts';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { PinMap, type LonLat } from './pin-map.ts';
import { checkTip, localValue, tipBody, type TipBody, type TipLocation, type TipProblem } from './tip-form.ts';

type Key = keyof typeof zhCN;

/** What the browser test reads. */
interface CardProbe {
  view: string;
  state: string;
  posts: number;
  retries: number;
  tipId: number | null;
  photo: string;
}
declare global {
  interface Window {
    __card?: CardProbe;
  }
}
const probe: CardProbe = { view: 'loading', state: 'idle', posts: 0, retries: 0, tipId: null, photo: 'none' };
window.__card = probe;

const page = pageLang<Key>('lookout.card.lang', { 'zh-CN': zhCN, en });
const t = page.t;

const token = (() => {
  const m = /\/t\/([^/?#]+)/.exec(location.pathname);
  return m ? m[1]! : '';
})();
const app = document.getElementById('app') as HTMLElement;

type Attrs = Record<string, string>;
function h(tag: string, attrs?: Attrs | null, ...children: (Node | string | null)[]): HTMLElement {
  const el = document.createElement(tag);
  if (attrs) for (const k in attrs) el.setAttribute(k, attrs[k]!);
  for (const c of children) if (c !== null) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

function clock(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => (n < 10 ? '0' + n : String(n));
  return d.getMonth() + 1 + '/' + d.getDate() + ' ' + p(d.getHours()) + ':' + p(d.getMinutes());
}

// ---- state ----

let view: CardView = { view: 'error' };
interface TipState {
  key: string;
  text: string;
  seenAt: string;
  location: TipLocation | null;
  phone: string;
  photo: File | null;
  problems: TipProblem[];
  locating: string | null;
  /** idle → sending → (retrying) → sent | error */
  state: 'idle' | 'sending' | 'retrying' | 'sent' | 'error';
  retryN: number;
  rateLimited: boolean;
  receivedAt: string | null;
  photoState: 'none' | 'sending' | 'sent' | 'failed';
  error: string | null;
}
function freshTip(): TipState {
  return {
    key: newKey(),
    text: '',
    seenAt: localValue(Date.now()),
    location: null,
    phone: '',
    photo: null,
    problems: [],
    locating: null,
    state: 'idle',
    retryN: 0,
    rateLimited: false,
    receivedAt: null,
    photoState: 'none',
    error: null,
  };
}
let tip = freshTip();

// ---- network (XMLHttpRequest: old WebViews) ----

function xhr(
  method: string,
  url: string,
  body: string | Blob | null,
  headers: Record<string, string>,
  done: (status: number, text: string) => void,
): void {
  const x = new XMLHttpRequest();
  x.open(method, url, true);
  for (const k in headers) x.setRequestHeader(k, headers[k]!);
  x.timeout = 30000;
  let finished = false;
  const end = () => {
    if (finished) return;
    finished = true;
    done(x.status, x.responseText || '');
  };
  x.onload = end;
  x.onerror = end;
  x.ontimeout = end;
  x.onabort = end;
  x.send(body);
}

function errorMessage(text: string, status: number): string {
  try {
    const e = (JSON.parse(text) as { error?: { message?: string } }).error;
    if (e && e.message) return e.message;
  } catch {
    // not JSON
  }
  return 'HTTP ' + status;
}

function load(): void {
  xhr('GET', '/api/v1/public/alerts/' + encodeURIComponent(token), null, {}, (status, text) => {
    if (status === 0) {
      // No answer at all: try again in a little while rather than giving up on a poor link.
      view = { view: 'error' };
      render();
      setTimeout(load, 5000);
      return;
    }
    view = cardView(status, text);
    render();
  });
}

function postTip(body: TipBody): void {
  probe.posts++;
  xhr(
    'POST',
    '/api/v1/public/alerts/' + encodeURIComponent(token) + '/tips',
    JSON.stringify(body),
    { 'content-type': 'application/json' },
    (status, text) => {
      const outcome = classifyStatus(status);
      if (outcome === 'stored') {
        let out: { tip?: { id: number; receivedAt: string }; photoUpload?: { url: string; token: string } } = {};
        try {
          out = JSON.parse(text) as typeof out;
        } catch {
          // The status is enough.
        }
        tip.state = 'sent';
        tip.receivedAt = out.tip ? out.tip.receivedAt : new Date().toISOString();
        probe.tipId = out.tip ? out.tip.id : null;
        render();
        if (tip.photo && out.photoUpload) uploadPhoto(tip.photo, out.photoUpload.url, out.photoUpload.token, 1);
        return;
      }
      if (outcome === 'gone') {
        // Retracted while the tipper was typing: the card now says so.
        load();
        return;
      }
      if (outcome === 'retry') {
        tip.retryN++;
        probe.retries++;
        tip.state = 'retrying';
        tip.rateLimited = status === 429;
        let wait = retryDelayMs(tip.retryN);
        if (status === 429) {
          try {
            const s = (JSON.parse(text) as { error?: { details?: { retryAfterS?: number } } }).error?.details
              ?.retryAfterS;
            if (typeof s === 'number' && s > 0) wait = Math.max(wait, s * 1000);
          } catch {
            // keep the computed wait
          }
        }
        render();
        setTimeout(() => postTip(body), wait);
        return;
      }
      tip.state = 'error';
      tip.error = errorMessage(text, status);
      render();
    },
  );
}

function uploadPhoto(file: File, url: string, uploadToken: string, attempt: number): void {
  tip.photoState = 'sending';
  probe.photo = 'sending';
  render();
  shrink(file, (blob) => {
    xhr(
      'PUT',
      url,
      blob,
      { 'content-type': blob.type || 'image/jpeg', 'x-upload-token': uploadToken },
      (status, text) => {
        if (status === 201 || status === 200) {
          tip.photoState = 'sent';
        } else if ((status === 0 || status >= 500) && attempt < 5) {
          setTimeout(() => uploadPhoto(file, url, uploadToken, attempt + 1), retryDelayMs(attempt));
          return;
        } else {
          tip.photoState = 'failed';
          tip.error = errorMessage(text, status);
        }
        probe.photo = tip.photoState;
        render();
      },
    );
  });
}

/** A camera photo scaled to ≤ 1600 px as JPEG before the upload (a poor link); the original when that fails. */
function shrink(file: File, done: (b: Blob) => void): void {
  if (file.size < 1500000 || typeof FileReader === 'undefined') return done(file);
  const reader = new FileReader();
  reader.onerror = () => done(file);
  reader.onload = () => {
    const img = new Image();
    img.onerror = () => done(file);
    img.onload = () => {
      const k = Math.min(1, 1600 / Math.max(img.width, img.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(img.width * k));
      canvas.height = Math.max(1, Math.round(img.height * k));
      const ctx = canvas.getContext('2d');
      if (!ctx || !canvas.toBlob) return done(file);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((b) => done(b && b.size < file.size ? b : file), 'image/jpeg', 0.85);
    };
    img.src = String(reader.result);
  };
  reader.readAsDataURL(file);
}

// ---- rendering ----

/** Re-checks the form as the tipper fixes it, without rebuilding the page (the keyboard stays up). */
function refreshProblems(): void {
  tip.problems = checkTip(tip, Date.now());
  const box = document.getElementById('problems');
  if (!box) return;
  box.innerHTML = '';
  for (const p of tip.problems) box.appendChild(h('p', { class: 'problem' }, t(p)));
}

let pinMap: PinMap | null = null;

function facts(card: PublicCard): HTMLElement {
  const dl = h('dl', { class: 'facts' });
  const row = (k: string, v: string | null | undefined) => {
    if (!v) return;
    dl.appendChild(h('dt', null, k));
    dl.appendChild(h('dd', null, v));
  };
  row(t('age'), card.ageText || card.ageBand);
  row(t('sex'), card.sex ? t(('sex_' + card.sex) as Key) : null);
  row(t('height'), card.heightCm ? t('heightCm', { cm: card.heightCm }) : null);
  row(t('clothing'), card.clothing);
  row(
    t(('place_' + card.kind) as Key),
    card.placeText || (card.point ? card.point.lat.toFixed(5) + ', ' + card.point.lon.toFixed(5) : null),
  );
  row(t(('time_' + card.kind) as Key), card.seenAt ? clock(card.seenAt) : null);
  row(t('note'), card.publicNote);
  return dl;
}

function statusBox(): HTMLElement | null {
  let main = '';
  let detail = '';
  let state = 'sending';
  switch (tip.state) {
    case 'idle':
      return null;
    case 'sending':
      main = t('sending');
      break;
    case 'retrying':
      main = tip.rateLimited ? t('rateLimited') : t('retrying', { n: tip.retryN });
      break;
    case 'sent':
      state = 'sent';
      main = t('sent');
      detail = t('sentDetail', { time: clock(tip.receivedAt || new Date().toISOString()) });
      if (tip.photoState === 'sending') detail += ' ' + t('photoSending');
      if (tip.photoState === 'sent') detail += ' ' + t('photoSent');
      if (tip.photoState === 'failed') detail += ' ' + t('photoFailed', { reason: tip.error || '' });
      break;
    case 'error':
      state = 'error';
      main = t('dropped', { reason: tip.error || '' });
      break;
  }
  probe.state = tip.state;
  return h(
    'div',
    { class: 'status', id: 'tip-status', 'data-state': state, role: 'status', 'aria-live': 'polite' },
    h('strong', null, main),
    detail ? h('span', null, detail) : null,
  );
}

function tipForm(card: PublicCard): HTMLElement {
  const form = h('section', { class: 'form', id: 'tip-form' });
  form.appendChild(h('h2', null, t('tipTitle')));
  const box = statusBox();
  if (tip.state === 'sent') {
    form.appendChild(box!);
    const again = h('button', { type: 'button', class: 'btn', id: 'tip-again' }, t('sendAnother'));
    again.onclick = () => {
      tip = freshTip();
      probe.state = 'idle';
      render();
    };
    form.appendChild(again);
    return form;
  }
  form.appendChild(h('p', { class: 'hint' }, t('tipIntro')));
  const busy = tip.state === 'sending' || tip.state === 'retrying';

  const seen = h('input', { type: 'datetime-local', name: 'seenAt', value: tip.seenAt }) as HTMLInputElement;
  seen.onchange = () => (tip.seenAt = seen.value);
  form.appendChild(h('label', { class: 'field' }, h('span', null, t('seenAt')), seen));

  form.appendChild(h('div', { class: 'field' }, h('span', null, t('where'))));
  const locate = h('button', { type: 'button', class: 'btn', id: 'use-location' }, t('useMyLocation'));
  locate.onclick = () => {
    if (!navigator.geolocation) {
      tip.locating = t('locateFailed', { reason: '—' });
      return render();
    }
    tip.locating = t('locating');
    render();
    navigator.geolocation.getCurrentPosition(
      (p) => {
        tip.location = {
          lon: p.coords.longitude,
          lat: p.coords.latitude,
          datum: 'wgs84',
          source: 'device',
          accuracyM: Math.round(p.coords.accuracy),
        };
        tip.locating = t('located', { acc: Math.round(p.coords.accuracy) });
        render();
      },
      (err) => {
        tip.locating = t('locateFailed', { reason: err.message || String(err.code) });
        render();
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 },
    );
  };
  form.appendChild(locate);
  if (tip.locating) form.appendChild(h('p', { class: 'hint', id: 'locate-state' }, tip.locating));
  const template = tileTemplate(card);
  form.appendChild(h('p', { class: 'hint' }, t('mapHint') + (template ? '' : ' ' + t('noTiles'))));
  const mapEl = h('div', { id: 'pin-map' });
  form.appendChild(mapEl);
  if (tip.location && tip.location.source === 'pin')
    form.appendChild(h('p', { class: 'hint', id: 'pin-state' }, t('pinSet')));

  const text = h('textarea', {
    name: 'text',
    rows: '4',
    maxlength: '2000',
    placeholder: t('textPlaceholder'),
  }) as HTMLTextAreaElement;
  text.value = tip.text;
  text.oninput = () => {
    tip.text = text.value;
    if (tip.problems.length) refreshProblems();
  };
  form.appendChild(h('label', { class: 'field' }, h('span', null, t('text')), text));

  const file = h('input', { type: 'file', accept: 'image/*', name: 'photo' }) as HTMLInputElement;
  file.onchange = () => {
    tip.photo = file.files && file.files[0] ? file.files[0] : null;
    render();
  };
  form.appendChild(
    h(
      'div',
      { class: 'field' },
      h('span', null, t('photo')),
      h('label', { class: 'btn file' }, tip.photo ? '✓ ' + tip.photo.name : t('photoPick'), file),
    ),
  );

  const phone = h('input', {
    type: 'tel',
    name: 'phone',
    inputmode: 'tel',
    value: tip.phone,
    autocomplete: 'tel',
  }) as HTMLInputElement;
  phone.oninput = () => {
    tip.phone = phone.value;
    if (tip.problems.length) refreshProblems();
  };
  form.appendChild(
    h('label', { class: 'field' }, h('span', null, t('phone')), phone, h('small', { class: 'hint' }, t('privacy'))),
  );

  const problems = h('div', { id: 'problems' });
  for (const p of tip.problems) problems.appendChild(h('p', { class: 'problem' }, t(p)));
  form.appendChild(problems);
  if (box) form.appendChild(box);
  const send = h('button', { type: 'button', class: 'btn btn-send', id: 'send-tip' }, busy ? t('sending') : t('send'));
  if (busy) send.setAttribute('disabled', '');
  send.onclick = () => {
    tip.problems = checkTip(tip, Date.now());
    if (tip.problems.length) return render();
    tip.state = 'sending';
    tip.error = null;
    render();
    // The key was made with the form: a retry of this tip, even after a lost answer, stores it once.
    postTip(tipBody(tip, tip.key));
  };
  form.appendChild(send);

  // The map after the element is in the page (it needs its size).
  setTimeout(() => {
    const centre: LonLat = tip.location ? { lon: tip.location.lon, lat: tip.location.lat } : card.point!;
    pinMap = new PinMap(mapEl, {
      template,
      attribution: card.basemap && card.basemap.attribution ? card.basemap.attribution : null,
      centre,
      place: card.point!,
      zoom: 16,
      scaleText: (m) => t('scale', { m }),
      onPin: (p) => {
        tip.location = { lon: p.lon, lat: p.lat, datum: 'wgs84', source: 'pin' };
        let el = document.getElementById('pin-state');
        if (!el) {
          el = h('p', { class: 'hint', id: 'pin-state' });
          mapEl.parentNode!.insertBefore(el, mapEl.nextSibling);
        }
        el.textContent = t('pinSet');
      },
    });
    if (tip.location) pinMap.setPin(tip.location, true);
  }, 0);
  return form;
}

function render(): void {
  document.documentElement.lang = page.lang;
  pinMap = null;
  app.innerHTML = '';
  app.setAttribute('data-view', view.view);
  probe.view = view.view;
  switch (view.view) {
    case 'card': {
      const card = view.card;
      document.title = t(('title_' + card.kind) as Key);
      app.appendChild(h('h1', { class: card.kind }, t(('title_' + card.kind) as Key)));
      app.appendChild(h('p', { class: 'pad lead' }, t(('lead_' + card.kind) as Key)));
      const photo = h('div', { class: 'photo' });
      if (card.photoUrl) photo.appendChild(h('img', { src: card.photoUrl, alt: '', id: 'card-photo' }));
      else photo.appendChild(document.createTextNode(t('noPhoto')));
      app.appendChild(h('div', { class: 'card' }, photo, facts(card)));
      if (card.contactPhone) {
        const who = card.stationName ? h('p', { class: 'hint' }, t('callWho', { station: card.stationName })) : null;
        app.appendChild(
          h(
            'div',
            { class: 'pad' },
            who,
            h(
              'a',
              { class: 'btn btn-call', href: telHref(card.contactPhone), id: 'call' },
              t('call', { phone: card.contactPhone }),
            ),
          ),
        );
      }
      if (card.acceptingTips) app.appendChild(tipForm(card));
      else app.appendChild(h('p', { class: 'pad lead' }, t('notAccepting')));
      break;
    }
    case 'retracted': {
      const title = view.withdrawn ? t('withdrawnTitle') : t('closedTitle');
      document.title = title;
      app.appendChild(h('h1', { class: 'found_child' }, title));
      app.appendChild(h('div', { class: 'blurred', 'aria-hidden': 'true' }));
      app.appendChild(
        h(
          'div',
          { class: 'closed' },
          h('h2', { id: 'closed-title' }, title),
          h('p', null, view.card.notice || t('closedText')),
        ),
      );
      break;
    }
    case 'gone':
      app.appendChild(h('h1', { class: 'found_child' }, t('goneTitle')));
      app.appendChild(
        h('div', { class: 'closed' }, h('h2', { id: 'closed-title' }, t('goneTitle')), h('p', null, t('goneText'))),
      );
      break;
    case 'unknown':
    case 'error': {
      const unknown = view.view === 'unknown';
      app.appendChild(h('h1', null, unknown ? t('unknownTitle') : t('errorTitle')));
      app.appendChild(h('p', { class: 'pad' }, unknown ? t('unknownText') : t('errorText')));
      const again = h('button', { type: 'button', class: 'btn' }, t('reload'));
      again.onclick = () => load();
      app.appendChild(
        h(
          'div',
          { class: 'pad' },
          unknown ? null : again,
          h('a', { class: 'btn btn-call', href: 'tel:110' }, t('call110')),
        ),
      );
      break;
    }
  }
  const sw = h('a', { href: '#', id: 'lang' }, t('switchLang'));
  sw.onclick = (e) => {
    e.preventDefault();
    page.toggle();
    render();
  };
  app.appendChild(h('p', { class: 'lang' }, sw));
}

if (!token) {
  view = { view: 'unknown' };
  render();
} else {
  load();
}
