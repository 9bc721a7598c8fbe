import type { Response } from 'express';
import { describe, expect, it } from 'vitest';
import { flvViewer } from './flv-viewer.ts';

/** The FLV file header as node-media-server writes it: version 1, flags audio + video. */
const HEADER = Buffer.from([0x46, 0x4c, 0x56, 0x01, 0x05, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00]);

/** A response that keeps what is written to it. */
function sink(): { res: Response; written: Buffer[] } {
  const written: Buffer[] = [];
  const res = {
    writableEnded: false,
    destroyed: false,
    writableLength: 0,
    write: (b: Buffer) => written.push(b),
  } as unknown as Response;
  return { res, written };
}

const counters = { droppedFrames: () => undefined };

describe('flvViewer file header', () => {
  it('clears the audio flag of a silent stream, so a player does not wait for audio', () => {
    const { res, written } = sink();
    flvViewer(res, { low: false, audio: false, counters }).sendBuffer(HEADER);
    expect(written[0]![4]).toBe(0x01);
    expect(HEADER[4]).toBe(0x05);
  });

  it('clears it for the key-frame-only variant, which carries no audio', () => {
    const { res, written } = sink();
    flvViewer(res, { low: true, audio: true, counters }).sendBuffer(HEADER);
    expect(written[0]![4]).toBe(0x01);
  });

  it('keeps both flags for a stream with audio, and when it is not known yet', () => {
    for (const audio of [true, undefined]) {
      const { res, written } = sink();
      flvViewer(res, { low: false, audio, counters }).sendBuffer(HEADER);
      expect(written[0]![4]).toBe(0x05);
    }
  });
});
