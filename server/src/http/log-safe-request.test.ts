import express from 'express';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import { describe, expect, it } from 'vitest';
import { logSafeRequest, logSafeUrl } from './log-safe-request.ts';

describe('logSafeUrl', () => {
  it('hides play, push, hook and DJI tokens in the query, and keeps the other parameters', () => {
    expect(logSafeUrl('/video/live/d-1.flv?token=abc.def')).toBe('/video/live/d-1.flv?token=[redacted]');
    expect(logSafeUrl('/api/v1/media-hooks/publish?hook_token=s3cret&name=d-1&call=publish')).toBe(
      '/api/v1/media-hooks/publish?hook_token=[redacted]&name=d-1&call=publish',
    );
    expect(logSafeUrl('/live/d-1?push=k&x-auth-token=t&X-Auth-Token=u')).toBe(
      '/live/d-1?push=[redacted]&x-auth-token=[redacted]&X-Auth-Token=[redacted]',
    );
    expect(logSafeUrl('/api/v1/cases?state=open&limit=5')).toBe('/api/v1/cases?state=open&limit=5');
  });

  it('hides the secret segment of capability links and of HLS play URLs', () => {
    expect(logSafeUrl('/l/Zm9vYmFyYmF6')).toBe('/l/[redacted]');
    expect(logSafeUrl('/u/abc?lang=en')).toBe('/u/[redacted]?lang=en');
    expect(logSafeUrl('/api/v1/public/alerts/tok/tips/7/photo')).toBe('/api/v1/public/alerts/[redacted]/tips/7/photo');
    expect(logSafeUrl('/api/v1/public/locate/tok')).toBe('/api/v1/public/locate/[redacted]');
    expect(logSafeUrl('/hls/eyJkIjoiZC0xIiwiZSI6MX0.c2lnbmF0dXJlLXNpZ25hdHVyZQ/d-1/index.m3u8')).toBe(
      '/hls/[redacted]/d-1/index.m3u8',
    );
    expect(logSafeUrl('/api/v1/drones/d-1/video')).toBe('/api/v1/drones/d-1/video');
  });

  it('logs a malformed query as sent, without throwing', () => {
    expect(logSafeUrl('/x?%E0%A4%A=1&token')).toBe('/x?%E0%A4%A=1&token');
  });
});

describe('the request log line', () => {
  it('carries no token from the URL, the query, the route or the headers', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const app = express();
    app.use(pinoHttp({ logger: pino(sink), serializers: { req: logSafeRequest } }));
    app.get('/video/live/:stream', (_req, res) => res.status(403).end());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    try {
      await fetch(`http://127.0.0.1:${port}/video/live/d-1.flv?token=SECRET1.SECRET2`, {
        headers: { 'x-auth-token': 'SECRET3', cookie: 'lookout_session=SECRET4', 'x-original-uri': '/l/SECRET5' },
      });
      await expect.poll(() => lines.length).toBeGreaterThan(0);
    } finally {
      server.close();
    }
    const line = lines.join('');
    expect(line).toContain('/video/live/d-1.flv?token=[redacted]');
    expect(line).toContain('/l/[redacted]');
    expect(line).not.toMatch(/SECRET\d/);
  });
});
