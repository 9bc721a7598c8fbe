import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { canConnect, freePort, nextFreePort } from './tcp-port.ts';

describe('tcp ports', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('skips a port that is taken and sees who listens', async () => {
    const port = await freePort();
    expect(await canConnect(port)).toBe(false);
    server = createServer();
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', () => r()));
    expect(await canConnect(port)).toBe(true);
    const next = await nextFreePort(port, '127.0.0.1');
    expect(next).toBeGreaterThan(port);
    expect(next).toBeLessThan(port + 50);
  });
});
