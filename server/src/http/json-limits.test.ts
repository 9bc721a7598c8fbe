import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBoundary } from './errors.ts';
import { rejectedRequests } from './guard-metrics.ts';
import { jsonBody, MAX_JSON_DEPTH, nulFreeUrl, scanJson } from './json-limits.ts';

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('scanJson', () => {
  it('finds an escaped NUL in a value and in a key', () => {
    expect(scanJson(JSON.stringify({ title: 'a\u0000b' }))).toBe('nul');
    expect(scanJson(JSON.stringify({ ['k\u0000']: 1 }))).toBe('nul');
    expect(scanJson('{"a":"\\u0000"}')).toBe('nul');
  });

  it('finds a raw NUL byte', () => {
    expect(scanJson('{"a":"x\u0000"}'.replace('\\u0000', '\u0000'))).toBe('nul');
    expect(scanJson('\u0000')).toBe('nul');
  });

  it('takes an escaped backslash followed by "u0000" as plain text', () => {
    const text = JSON.stringify({ path: 'C:\\u0000' });
    expect(text).toBe('{"path":"C:\\\\u0000"}');
    expect(scanJson(text)).toBeNull();
    expect(scanJson('{"a":"\\u00001"}')).toBe('nul');
    expect(scanJson('{"a":"\\u0001"}')).toBeNull();
  });

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(scanJson(nested(MAX_JSON_DEPTH))).toBeNull();
    expect(scanJson(nested(MAX_JSON_DEPTH + 1))).toBe('json_depth');
    expect(scanJson(deepObject(MAX_JSON_DEPTH))).toBeNull();
    expect(scanJson(deepObject(MAX_JSON_DEPTH + 1))).toBe('json_depth');
  });

  it('counts the depth, not the number of brackets', () => {
    const wide = JSON.stringify(Array.from({ length: 1000 }, () => [[1], { a: [2] }]));
    expect(scanJson(wide)).toBeNull();
  });

  it('ignores brackets and quotes inside strings', () => {
    expect(scanJson(JSON.stringify({ note: '['.repeat(100) + '"{{{' }))).toBeNull();
    expect(scanJson(JSON.stringify({ note: 'say \\"hi\\" [[[[' }))).toBeNull();
  });

  it('scans a million levels without overflowing the stack', () => {
    expect(scanJson(nested(1_000_000))).toBe('json_depth');
    expect(scanJson(nested(1_000_000), Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('leaves plain JSON alone', () => {
    expect(scanJson(JSON.stringify({ title: '走失儿童 花都路', n: [1, 2, { x: null }] }))).toBeNull();
  });
});

describe('jsonBody and nulFreeUrl in an app', () => {
  const registry = new Registry();
  const rejected = rejectedRequests(registry);
  let base = '';
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const app = express();
    app.use(nulFreeUrl(rejected));
    app.use(jsonBody({ limit: '64kb', rejected }));
    app.post('/echo', (req, res) => {
      res.json({ got: req.body as unknown });
    });
    app.get('/search', (req, res) => {
      res.json({ q: req.query.q });
    });
    app.use(errorBoundary(pino({ level: 'silent' })));
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((r) => server.close(() => r()));
  });
  afterAll(() => close());

  const post = (body: string, type = 'application/json') =>
    fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': type }, body });
  const count = async (reason: string) =>
    (await rejected.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

  it('answers a NUL in a string with a counted 400 bad_request', async () => {
    const before = await count('nul');
    const res = await post(JSON.stringify({ title: 'x\u0000' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request', details: { reason: 'nul' } } });
    expect(await count('nul')).toBe(before + 1);
  });

  it('answers 5,000 levels of nesting with a counted 400 bad_request', async () => {
    const before = await count('json_depth');
    const res = await post(deepObject(5000));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'bad_request', details: { reason: 'json_depth', maxDepth: MAX_JSON_DEPTH } },
    });
    expect(await count('json_depth')).toBe(before + 1);
  });

  it('scans a UTF-16 body in its own encoding', async () => {
    const body = Buffer.from(JSON.stringify({ title: 'x\u0000' }), 'utf16le');
    const res = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-16le' },
      body,
    });
    expect(res.status).toBe(400);
    const ok = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-16le' },
      body: Buffer.from(JSON.stringify({ title: '花' }), 'utf16le'),
    });
    expect(await ok.json()).toEqual({ got: { title: '花' } });
  });

  it('passes a clean body on, parsed', async () => {
    const res = await post(JSON.stringify({ title: '走失儿童', tags: [[1]] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ got: { title: '走失儿童', tags: [[1]] } });
  });

  it('answers %00 in the query string with a counted 400, and leaves %2500 alone', async () => {
    const before = await count('nul');
    const res = await fetch(`${base}/search?q=a%00b`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'bad_request', details: { reason: 'nul' } } });
    expect(await count('nul')).toBe(before + 1);
    const literal = await fetch(`${base}/search?q=a%2500b`);
    expect(await literal.json()).toEqual({ q: 'a%00b' });
  });
});
