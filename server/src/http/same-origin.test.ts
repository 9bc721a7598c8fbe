import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBoundary } from './errors.ts';
import { rejectedRequests } from './guard-metrics.ts';
import { sameOriginWrites } from './same-origin.ts';

const PUBLIC_URL = 'https://lookout.example.gov.cn';
const registry = new Registry();
const rejected = rejectedRequests(registry);
let port = 0;
let self = '';
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const app = express();
  app.use(
    sameOriginWrites({
      publicUrl: PUBLIC_URL,
      rawBodyRoutes: [{ method: 'PUT', path: '/photos/:id', types: ['image/jpeg', 'image/png'] }],
      rejected,
    }),
  );
  app.all('/{*any}', (req, res) => {
    res.json({ ok: true, method: req.method });
  });
  app.use(errorBoundary(pino({ level: 'silent' })));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  port = (server.address() as AddressInfo).port;
  self = `http://127.0.0.1:${port}`;
  close = () => new Promise<void>((r) => server.close(() => r()));
});
afterAll(() => close());

/** A raw HTTP request: node's own client sends exactly the headers given (fetch would add or refuse some). */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<{ status: number; body: { error?: { code: string; details?: { reason?: string } } } }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }),
      );
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const count = async (reason: string) =>
  (await rejected.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

describe('another origin', () => {
  it('refuses a form POST from another port of the same host with a counted 403 cross_origin', async () => {
    const before = await count('cross_origin');
    const res = await send(
      'POST',
      '/api/v1/users/x/disable',
      { origin: 'http://127.0.0.1:18998', 'content-type': 'text/plain', 'content-length': '3' },
      'a=b',
    );
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'cross_origin', details: { reason: 'cross_origin' } });
    expect(await count('cross_origin')).toBe(before + 1);
  });

  it('refuses another origin even with a JSON body, and with no body at all', async () => {
    const json = await send(
      'POST',
      '/x',
      { origin: 'http://evil.example', 'content-type': 'application/json', 'content-length': '2' },
      '{}',
    );
    expect(json.status).toBe(403);
    const empty = await send('POST', '/x', { origin: 'http://127.0.0.1:1', 'content-length': '0' });
    expect(empty.status).toBe(403);
  });

  it('refuses the opaque origin "null" (sandboxed frames, data: pages)', async () => {
    const res = await send('DELETE', '/x', { origin: 'null' });
    expect(res.status).toBe(403);
  });

  it('refuses Sec-Fetch-Site same-site and cross-site as cross_site, even without Origin', async () => {
    const before = await count('cross_site');
    for (const site of ['same-site', 'cross-site']) {
      const res = await send('PATCH', '/x', { 'sec-fetch-site': site, 'content-type': 'application/json' }, '{}');
      expect(res.status, site).toBe(403);
      expect(res.body.error?.details?.reason).toBe('cross_site');
    }
    expect(await count('cross_site')).toBe(before + 2);
  });

  it('lets GET, HEAD and OPTIONS from another origin through (they change nothing)', async () => {
    for (const method of ['GET', 'OPTIONS']) {
      const res = await send(method, '/x', { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
      expect(res.status, method).toBe(200);
    }
  });
});

describe('our own origin', () => {
  it('accepts a JSON write whose Origin is the address the client used', async () => {
    const res = await send(
      'POST',
      '/x',
      { origin: self, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json; charset=utf-8' },
      '{"a":1}',
    );
    expect(res.status).toBe(200);
  });

  it('accepts the PUBLIC_URL origin (a reverse proxy that changes the Host) and refuses a look-alike', async () => {
    const ok = await send('POST', '/x', { origin: PUBLIC_URL, 'content-type': 'application/json' }, '{}');
    expect(ok.status).toBe(200);
    const port443 = await send('POST', '/x', { origin: `${PUBLIC_URL}:443`, 'content-type': 'application/json' }, '{}');
    expect(port443.status).toBe(200);
    const http = await send('POST', '/x', { origin: 'http://lookout.example.gov.cn', 'content-length': '0' });
    expect(http.status).toBe(403);
    const sibling = await send('POST', '/x', { origin: 'https://a.lookout.example.gov.cn', 'content-length': '0' });
    expect(sibling.status).toBe(403);
  });

  it('accepts an empty POST from our own page (logout) and from a client without Origin', async () => {
    expect((await send('POST', '/x', { origin: self, 'content-length': '0' })).status).toBe(200);
    expect((await send('POST', '/x', {})).status).toBe(200);
  });
});

describe('the body must be JSON', () => {
  it('refuses text/plain, form and multipart bodies without Origin (curl) with a counted 415', async () => {
    const before = await count('content_type');
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await send('POST', '/x', { 'content-type': type }, 'a=b');
      expect(res.status, type).toBe(415);
      expect(res.body.error).toMatchObject({ code: 'unsupported_media_type', details: { reason: 'content_type' } });
    }
    const none = await send('POST', '/x', { 'content-length': '3' }, 'a=b');
    expect(none.status).toBe(415);
    expect(await count('content_type')).toBe(before + 4);
  });

  it('refuses a chunked body that is not JSON (no content-length to trust)', async () => {
    const res = await send('PUT', '/x', { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' }, 'abc');
    expect(res.status).toBe(415);
  });

  it('takes the exact image types on a raw-body route, and nothing else there or elsewhere', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff]);
    expect((await send('PUT', '/photos/7', { origin: self, 'content-type': 'image/jpeg' }, jpeg)).status).toBe(200);
    expect((await send('PUT', '/photos/7', { 'content-type': 'image/png' }, jpeg)).status).toBe(200);
    expect((await send('PUT', '/photos/7', { 'content-type': 'text/plain' }, jpeg)).status).toBe(415);
    expect((await send('PUT', '/photos/7', { 'content-type': 'image/gif' }, jpeg)).status).toBe(415);
    expect((await send('POST', '/photos/7', { 'content-type': 'image/jpeg' }, jpeg)).status).toBe(415);
    expect((await send('PUT', '/other/7', { 'content-type': 'image/jpeg' }, jpeg)).status).toBe(415);
    // The Origin check still applies to the raw-body route.
    const foreign = await send(
      'PUT',
      '/photos/7',
      { origin: 'http://127.0.0.1:1', 'content-type': 'image/jpeg' },
      jpeg,
    );
    expect(foreign.status).toBe(403);
  });
});
