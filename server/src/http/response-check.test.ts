import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { allow, ANYONE } from './access.ts';
import { configureAccess } from './access-check.ts';
import { NO_CONTENT, raw } from './contract.ts';
import { errorBoundary } from './errors.ts';
import { contentTypeBreach, contractBreach } from './response-check.ts';

const thing = z.object({ id: z.number() });

describe('contractBreach', () => {
  it('passes a body of the schema declared for its status', () => {
    expect(contractBreach({ response: thing }, 200, { id: 1 })).toBeUndefined();
    expect(contractBreach({ response: { 201: thing } }, 201, { id: 1 })).toBeUndefined();
  });

  it('names the field a body breaks', () => {
    expect(contractBreach({ response: thing }, 200, { id: 'one' })).toMatch(/^id: /);
  });

  it('refuses a status the contract does not declare, and JSON where it declares none', () => {
    expect(contractBreach({ response: thing }, 201, { id: 1 })).toBe('status 201 is not declared');
    expect(contractBreach({ response: raw('text/csv', 'rows') }, 200, {})).toMatch(/text\/csv, not JSON/);
    expect(contractBreach({ response: { 204: NO_CONTENT } }, 204, {})).toMatch(/empty, not JSON/);
  });

  it('checks error answers against the one error body', () => {
    const error = { error: { code: 'not_found', message: 'No such thing' } };
    expect(contractBreach({ response: thing }, 404, error)).toBeUndefined();
    expect(contractBreach({ response: thing }, 404, { message: 'No such thing' })).toMatch(/^error: /);
  });
});

describe('contentTypeBreach', () => {
  it('holds a raw answer to its declared media type, wildcards as declared', () => {
    expect(contentTypeBreach({ response: raw('text/csv', 'rows') }, 200, 'text/csv; charset=utf-8')).toBeUndefined();
    expect(contentTypeBreach({ response: raw('image/*', 'photo') }, 200, 'image/webp')).toBeUndefined();
    expect(contentTypeBreach({ response: raw('*/*', 'file') }, 200, 'font/woff2')).toBeUndefined();
    expect(contentTypeBreach({ response: raw('text/csv', 'rows') }, 200, 'text/html')).toMatch(
      /text\/csv, sent as text\/html/,
    );
    expect(contentTypeBreach({ response: raw('image/*', 'photo') }, 200, 'text/plain')).toMatch(/sent as text\/plain/);
    expect(contentTypeBreach({ response: raw('text/csv', 'rows') }, 200, undefined)).toMatch(/no type/);
  });

  it('holds JSON sent by hand to application/json, and leaves undeclared statuses and empty answers alone', () => {
    expect(contentTypeBreach({ response: thing }, 200, 'application/json; charset=utf-8')).toBeUndefined();
    expect(contentTypeBreach({ response: thing }, 200, 'text/plain')).toMatch(/JSON, sent as text\/plain/);
    expect(contentTypeBreach({ response: thing }, 302, 'text/plain')).toBeUndefined();
    expect(contentTypeBreach({ response: { 204: NO_CONTENT } }, 204, undefined)).toBeUndefined();
  });
});

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

type Send = (res: express.Response) => void;

async function serve(checkResponses: boolean, body: unknown, sender?: Send) {
  const registry = new Registry();
  const denied = new Counter({ name: 'denied', help: 'denied', labelNames: ['route'] as const, registers: [registry] });
  const app = express();
  configureAccess(app, { sessionUser: () => Promise.resolve(undefined), denied, checkResponses });
  app.get('/thing', allow(ANYONE, { response: thing }), (_req, res) => {
    if (sender) sender(res);
    else res.json(body);
  });
  app.get('/rows', allow(ANYONE, { response: raw('text/csv', 'rows') }), (_req, res) => {
    res.type(String(body)).send('a,b\n');
  });
  app.use(errorBoundary(pino({ level: 'silent' })));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server!.once('listening', r));
  const path = sender || typeof body !== 'string' ? '/thing' : '/rows';
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
  const text = await res.text();
  return {
    status: res.status,
    body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as unknown,
  };
}

describe('checkResponses', () => {
  it('answers 500 naming the breach instead of a body that breaks the contract', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const res = await serve(true, { id: 'one' });
    stderr.mockRestore();
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({
      error: { code: 'response_contract', message: expect.stringMatching(/GET \/thing answered 200 .*id: /) as string },
    });
  });

  it('lets a body of the contract through unchanged', async () => {
    expect(await serve(true, { id: 1 })).toEqual({ status: 200, body: { id: 1 } });
  });

  it('unpacks gzipped JSON sent by hand (replay) and checks it', async () => {
    const gzipped =
      (value: unknown): Send =>
      (res) => {
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('content-encoding', 'gzip');
        res.send(gzipSync(JSON.stringify(value)));
      };
    expect(await serve(true, null, gzipped({ id: 2 }))).toEqual({ status: 200, body: { id: 2 } });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const res = await serve(true, null, gzipped({ id: 'two' }));
    stderr.mockRestore();
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ error: { code: 'response_contract' } });
  });

  it('turns a raw answer of another type than declared into a 500', async () => {
    expect(await serve(true, 'text/csv')).toEqual({ status: 200, body: 'a,b\n' });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const res = await serve(true, 'text/html');
    stderr.mockRestore();
    expect(res.status).toBe(500);
  });

  it('checks nothing unless the app asks for it (production)', async () => {
    expect(await serve(false, { id: 'one' })).toEqual({ status: 200, body: { id: 'one' } });
  });
});
