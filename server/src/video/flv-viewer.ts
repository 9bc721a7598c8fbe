import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { FlvTap } from './embedded-media.ts';

/** FLV tag types, and the video frame types in the first byte of a video tag's body. */
const TAG_AUDIO = 8;
const TAG_VIDEO = 9;
const TAG_HEADER = 11;
const KEY_FRAME = 1;

export interface FlvTagInfo {
  type: number;
  keyFrame: boolean;
  /** A codec's sequence header (AVC/HEVC configuration): must never be dropped. */
  config: boolean;
}

const isFlvHeader = (buffer: Buffer) => buffer.length >= 9 && buffer.subarray(0, 3).toString('latin1') === 'FLV';

/** Reads an FLV piece as node-media-server hands it out: the file header, or one whole tag. */
export function flvTagInfo(buffer: Buffer): FlvTagInfo | undefined {
  if (buffer.length < TAG_HEADER + 1 || isFlvHeader(buffer)) return undefined;
  const type = buffer[0]! & 0x1f;
  if (type !== TAG_VIDEO) return { type, keyFrame: false, config: type !== TAG_AUDIO };
  const first = buffer[TAG_HEADER]!;
  const frameType = (first >> 4) & 0x7;
  // Legacy AVC/HEVC: byte 12 is the packet type (0 = sequence header); enhanced FLV (high bit) packs it in the low nibble.
  const enhanced = (first & 0x80) !== 0;
  const packetType = enhanced ? first & 0x0f : buffer[TAG_HEADER + 1];
  return { type, keyFrame: frameType === KEY_FRAME, config: packetType === 0 };
}

export interface ViewerCounters {
  droppedFrames(n: number): void;
}

/**
 * A viewer's HTTP-FLV response as a subscriber of the broadcast. `low` sends key frames only (about one frame a
 * second with the usual one-second GOP) and no audio, for a phone on a weak link. When the viewer cannot keep up
 * (its socket buffer passes `maxBufferedBytes`) frames are dropped until the next key frame instead of piling up
 * in memory; a viewer still stuck after `stuckMs` is closed and reconnects.
 */
export function flvViewer(
  res: Response,
  options: {
    low: boolean;
    /** Whether the stream carries audio: the FLV header says so, and players wait for audio it announces. */
    hasAudio: boolean;
    counters: ViewerCounters;
    maxBufferedBytes?: number;
    stuckMs?: number;
  },
): FlvTap {
  const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const stuckMs = options.stuckMs ?? 15_000;
  let skipping = false;
  let stuckSince = 0;
  return {
    id: `viewer-${randomUUID()}`,
    ip: '',
    protocol: 'flv',
    endTime: 0,
    sendBuffer(buffer: Buffer) {
      if (res.writableEnded || res.destroyed) return;
      if (isFlvHeader(buffer)) {
        const header = Buffer.from(buffer);
        header[4] = (options.hasAudio && !options.low ? 0x04 : 0) | 0x01;
        res.write(header);
        return;
      }
      const tag = flvTagInfo(buffer);
      if (tag && !tag.config) {
        if (options.low && (tag.type === TAG_AUDIO || (tag.type === TAG_VIDEO && !tag.keyFrame))) return;
        if (res.writableLength > maxBuffered) {
          if (!stuckSince) stuckSince = Date.now();
          else if (Date.now() - stuckSince > stuckMs) {
            res.destroy();
            return;
          }
          skipping = true;
        }
        if (skipping) {
          if (tag.type === TAG_VIDEO && tag.keyFrame && res.writableLength <= maxBuffered) {
            skipping = false;
            stuckSince = 0;
          } else {
            if (tag.type === TAG_VIDEO) options.counters.droppedFrames(1);
            return;
          }
        }
      }
      res.write(buffer);
    },
  };
}
