import { createServer, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PacketSizeGuard } from './packet-size-guard.ts';

/** A MQTT-ish frame: type byte, variable-length remaining length, body. */
function frame(bodyLength: number): Buffer {
  const len: number[] = [];
  let x = bodyLength;
  do {
    let b = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) b |= 0x80;
    len.push(b);
  } while (x > 0);
  return Buffer.concat([Buffer.from([0x30, ...len]), Buffer.alloc(bodyLength, 1)]);
}

const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function throughGuard(data: Buffer[], max: number): Promise<{ received: number; tooLarge: number | undefined }> {
  let received = 0;
  let tooLarge: number | undefined;
  const done = new Promise<void>((resolve) => {
    const server = createServer((socket: Socket) => {
      const guard = new PacketSizeGuard(socket, max, (n) => (tooLarge = n));
      guard.on('data', (c: Buffer) => (received += c.length));
      guard.on('error', () => undefined);
      guard.on('close', () => resolve());
    });
    servers.push(server);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      const client = connect(port, '127.0.0.1', () => {
        void (async () => {
          for (const d of data) {
            client.write(d);
            await new Promise((r) => setTimeout(r, 5));
          }
          client.end();
        })();
      });
      client.on('error', () => undefined);
    });
  });
  await done;
  return { received, tooLarge };
}

describe('PacketSizeGuard', () => {
  it('passes packets up to the limit through, split across chunks', async () => {
    const f = Buffer.concat([frame(10), frame(200), frame(0), frame(1000)]);
    const r = await throughGuard([f.subarray(0, 3), f.subarray(3, 150), f.subarray(150)], 1000);
    expect(r.tooLarge).toBeUndefined();
    expect(r.received).toBe(f.length);
  });

  it('cuts the connection at the header of a packet over the limit', async () => {
    const big = frame(5 * 1024 * 1024);
    const r = await throughGuard([frame(10), big.subarray(0, 64 * 1024)], 1024 * 1024);
    expect(r.tooLarge).toBe(5 * 1024 * 1024);
    expect(r.received).toBeLessThan(64 * 1024);
  });
});
