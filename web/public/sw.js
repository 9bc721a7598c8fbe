/*
 * Lookout service worker (hand-written, no build step): keeps the officer's phone working when the signal drops.
 * - App shell: index.html and the hashed /assets/ files, cached at install and whenever fetched (network first
 *   for pages, cache first for immutable assets).
 * - A few GET answers the officer view needs to start (config, me, my assignment): network first, cached copy offline.
 * - Basemap tiles: XYZ tiles by URL and PMTiles byte ranges by URL + Range, cache first, kept as fetched; the page's
 *   "下载本区域" fetches an area ahead of time through here.
 * Nothing else under /api/ is cached (uplinks queue in the page's own outbox); the caller page /l/ is left alone.
 */
const SHELL = 'lookout-shell-v1';
const DATA = 'lookout-data-v1';
const TILES = 'lookout-tiles-v1';
const CACHED_API = ['/api/v1/config', '/api/v1/auth/me', '/api/v1/me/assignment'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      try {
        const res = await fetch('/', { cache: 'no-store' });
        if (res.ok) {
          const html = await res.clone().text();
          await cache.put('/', res);
          const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
          await cache.addAll(assets);
        }
      } catch {
        // Offline at install: the shell is cached as it is fetched later.
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

function rangeKey(request) {
  const range = request.headers.get('range');
  if (!range) return null;
  const u = new URL(request.url);
  u.searchParams.set('__lookout_range', range);
  return u.href;
}

/** Stores an answer; a 206 (the Cache API refuses those) is kept as a 200 and rebuilt when served. */
async function store(cache, key, res) {
  if (res.status === 206) {
    const headers = new Headers(res.headers);
    headers.set('x-lookout-status', '206');
    await cache.put(key, new Response(await res.clone().arrayBuffer(), { status: 200, headers }));
  } else if (res.ok || res.type === 'opaque') {
    await cache.put(key, res.clone());
  }
}

async function cached(cache, key) {
  const hit = await cache.match(key);
  if (!hit || hit.headers.get('x-lookout-status') !== '206') return hit;
  const headers = new Headers(hit.headers);
  headers.delete('x-lookout-status');
  return new Response(await hit.arrayBuffer(), { status: 206, headers });
}

async function cacheFirst(cacheName, request, key) {
  const cache = await caches.open(cacheName);
  const hit = await cached(cache, key || request);
  if (hit) return hit;
  const res = await fetch(request);
  await store(cache, key || request, res);
  return res;
}

/** The network when it answers within `timeoutMs` (or at all), else the cached copy. */
async function networkFirst(cacheName, request, key, timeoutMs) {
  const cache = await caches.open(cacheName);
  const net = fetch(request).then(async (res) => {
    await store(cache, key || request, res);
    return res;
  });
  net.catch(() => undefined); // answered from the cache meanwhile; the late failure is not an error
  let timer;
  const slow = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs || 8000);
  });
  try {
    const first = await Promise.race([net, slow]);
    if (first) return first;
    const hit = await cached(cache, key || request);
    return hit || (await net);
  } catch (err) {
    const hit = await cached(cache, key || request);
    if (hit) return hit;
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function isTile(url, request) {
  if (request.destination === 'image' && /\/\d+\/\d+\/\d+(\.\w+)?(\?|$)/.test(url.pathname + url.search)) return true;
  if (/\/\d+\/\d+\/\d+\.(png|jpe?g|webp|pbf|mvt)$/.test(url.pathname)) return true;
  if (/\.pmtiles$/.test(url.pathname) || url.pathname.startsWith('/api/v1/basemap/')) return true;
  return /tianditu|wmts|TILEMATRIX/i.test(url.href);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const sameOrigin = url.origin === self.location.origin;
  if (sameOrigin && (url.pathname.startsWith('/l/') || url.pathname === '/metrics' || url.pathname === '/sw.js')) return;
  if (sameOrigin && CACHED_API.includes(url.pathname)) {
    event.respondWith(networkFirst(DATA, request, null, 6000));
    return;
  }
  if (isTile(url, request)) {
    const key = rangeKey(request);
    // A PMTiles archive may be replaced under the same name: ask the network first (briefly); XYZ tiles by URL
    // do not change within a search, so the cached copy serves first.
    event.respondWith(key ? networkFirst(TILES, request, key, 4000) : cacheFirst(TILES, request));
    return;
  }
  if (!sameOrigin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(SHELL, request, '/', 6000));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(SHELL, request));
  }
});
