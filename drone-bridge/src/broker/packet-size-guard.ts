import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';

/**
 * aedes (and mqtt-packet's parser under it) has no maximum packet size: a client could make the broker buffer
 * hundreds of megabytes. This Duplex sits between the TCP socket and aedes, follows the MQTT fixed headers
 * (type byte + variable-length "remaining length") across chunks, and cuts the connection as soon as a header
 * announces a packet larger than `maxBytes` — before its body is buffered anywhere.
 */
export class PacketSizeGuard extends Duplex {
  private state: 'header' | 'length' | 'body' = 'header';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private remaining = 0;

  constructor(
    readonly socket: Socket,
    private readonly maxBytes: number,
    private readonly onTooLarge: (announced: number) => void,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => {
      const announced = this.scan(chunk);
      if (announced !== undefined) {
        onTooLarge(announced);
        socket.destroy();
        this.destroy();
        return;
      }
      if (!this.push(chunk)) socket.pause();
    });
    socket.on('end', () => this.push(null));
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.destroy());
  }

  /** For aedes, which reads the peer address from its connection. */
  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  /** Returns the announced size when a packet is too large, else undefined. */
  private scan(chunk: Buffer): number | undefined {
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case 'header':
          i++;
          this.state = 'length';
          this.length = 0;
          this.multiplier = 1;
          this.lengthBytes = 0;
          break;
        case 'length': {
          const byte = chunk[i++]!;
          this.length += (byte & 0x7f) * this.multiplier;
          this.multiplier *= 128;
          this.lengthBytes++;
          if (this.length > this.maxBytes) return this.length;
          if ((byte & 0x80) === 0 || this.lengthBytes === 4) {
            this.remaining = this.length;
            this.state = this.remaining === 0 ? 'header' : 'body';
          }
          break;
        }
        case 'body': {
          const take = Math.min(this.remaining, chunk.length - i);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = 'header';
          break;
        }
      }
    }
    return undefined;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (err?: Error | null) => void): void {
    if (this.socket.destroyed) return callback();
    this.socket.write(chunk, (err) => callback(err ?? null));
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.socket.end(() => callback());
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.socket.destroy();
    callback(err);
  }
}
