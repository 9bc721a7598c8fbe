import type { Server } from 'node:http';
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
import { contractBreach } from './response-check.ts';

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

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

async function serve(checkResponses: boolean, body: unknown) {
  const registry = new Registry();
  const denied = new Counter({ name: 'denied', help: 'denied', labelNames: ['route'] as const, registers: [registry] });
  const app = express();
  configureAccess(app, { sessionUser: () => Promise.resolve(undefined), denied, checkResponses });
  app.get('/thing', allow(ANYONE, { response: thing }), (_req, res) => {
    res.json(body);
  });
  app.use(errorBoundary(pino({ level: 'silent' })));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server!.once('listening', r));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/thing`);
  return { status: res.status, body: (await res.json()) as unknown };
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

  it('checks nothing unless the app asks for it (production)', async () => {
    expect(await serve(false, { id: 'one' })).toEqual({ status: 200, body: { id: 'one' } });
  });
});
