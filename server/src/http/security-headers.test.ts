import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { inlineScriptHashes, securityHeaders, tileSource, type SecurityHeaderOptions } from './security-headers.ts';

describe('tileSource', () => {
  it('takes the origin of an XYZ template or a remote archive', () => {
    expect(tileSource('http://127.0.0.1:8081/{z}/{x}/{y}.png')).toBe('http://127.0.0.1:8081');
    expect(tileSource('https://tiles.example.cn/world.pmtiles')).toBe('https://tiles.example.cn');
    expect(tileSource('https://PGIS.Station.gov.cn:8443/wmts?layer=a&x={x}')).toBe('https://pgis.station.gov.cn:8443');
  });

  it('turns templated subdomains into the one wildcard CSP allows', () => {
    expect(tileSource('https://t{0-7}.tianditu.gov.cn/img_w/wmts?tk=k&TILEMATRIX={z}')).toBe(
      'https://*.tianditu.gov.cn',
    );
    expect(tileSource('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org');
  });

  it('refuses a wildcard over a whole top-level domain, and what is not http(s)', () => {
    expect(tileSource('https://{s}.com/{z}/{x}/{y}.png')).toBeNull();
    expect(tileSource('yongkang.pmtiles')).toBeNull();
    expect(tileSource('javascript:alert(1)')).toBeNull();
    expect(tileSource(undefined)).toBeNull();
  });
});

describe('inlineScriptHashes', () => {
  it('hashes each inline script exactly as the browser does, and skips scripts with src', () => {
    const code = '(function(){var a="</p>";console.log(a)})();\n';
    const html = `<html><head><script type="module" src="/assets/x.js"></script></head>
<body><script>${code}</script>\n<SCRIPT nonce="x">b()</SCRIPT></body></html>`;
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(inlineScriptHashes(html)).toEqual([sha(code), sha('b()')]);
  });
});

describe('the headers on a response', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'lookout-csp-'));
  const pageFile = path.join(dir, 'caller.html');
  writeFileSync(pageFile, '<!doctype html><body><script>go()</script></body>');
  const servers: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of servers) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function headersOf(url: string, options: Partial<SecurityHeaderOptions> = {}): Promise<Record<string, string>> {
    const app = express();
    app.use(
      securityHeaders({
        tileUrls: [],
        tls: false,
        inlinePages: [{ prefix: '/l/', file: pageFile }],
        embeddable: ['/p/'],
        ...options,
      }),
    );
    app.get('/{*any}', (_req, res) => {
      res.send('ok');
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    servers.push(() => new Promise<void>((r) => server.close(() => r())));
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${url}`);
    return Object.fromEntries(res.headers.entries());
  }

  const directives = (csp: string | undefined) =>
    Object.fromEntries(
      (csp ?? '').split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );

  it('forbids framing, sniffing and full referrers, and keeps everything to our origin', async () => {
    const h = await headersOf('/');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('strict-origin');
    expect(h['cross-origin-resource-policy']).toBe('same-origin');
    expect(h['strict-transport-security']).toBeUndefined();
    const csp = directives(h['content-security-policy']);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['worker-src']).toEqual(["'self'", 'blob:']);
    expect(csp['media-src']).toEqual(["'self'", 'blob:']);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp['connect-src']).toEqual(["'self'", expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+$/)]);
    expect(csp).not.toHaveProperty('upgrade-insecure-requests');
  });

  it('lets the map reach the configured tile server for images and fetches', async () => {
    const csp = directives(
      (await headersOf('/', { tileUrls: ['https://t{0-7}.tianditu.gov.cn/x?tk=k&l={z}'] }))['content-security-policy'],
    );
    expect(csp['img-src']).toContain('https://*.tianditu.gov.cn');
    expect(csp['connect-src']).toContain('https://*.tianditu.gov.cn');
  });

  it("lets the player reach an external media server's HLS origin for fetches and native playback", async () => {
    const csp = directives(
      (await headersOf('/', { videoPlayUrl: 'http://media.station.lan:8080/hls' }))['content-security-policy'],
    );
    expect(csp['connect-src']).toContain('http://media.station.lan:8080');
    expect(csp['media-src']).toEqual(["'self'", 'blob:', 'http://media.station.lan:8080']);
    expect(csp['img-src']).not.toContain('http://media.station.lan:8080');
  });

  it('sends HSTS and upgrades requests only over TLS', async () => {
    const h = await headersOf('/', { tls: true });
    expect(h['strict-transport-security']).toMatch(/^max-age=\d+$/);
    expect(directives(h['content-security-policy'])).toHaveProperty('upgrade-insecure-requests');
  });

  it('allows the inline script of a single-file page by its hash, only on that page', async () => {
    const sha = `'sha256-${createHash('sha256').update('go()').digest('base64')}'`;
    expect(directives((await headersOf('/l/abc'))['content-security-policy'])['script-src']).toEqual(["'self'", sha]);
    expect(directives((await headersOf('/t/abc'))['content-security-policy'])['script-src']).toEqual(["'self'"]);
  });

  it('lets other sites embed the expiring photo links only', async () => {
    expect((await headersOf('/p/token'))['cross-origin-resource-policy']).toBe('cross-origin');
    expect((await headersOf('/api/v1/tadpole/photos/1'))['cross-origin-resource-policy']).toBe('same-origin');
  });
});
