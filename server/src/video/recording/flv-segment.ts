import { flvTagInfo } from '../flv-viewer.ts';

const TAG_VIDEO = 9;

/** An FLV tag's timestamp: 24 bits at offset 4, and the extended upper 8 bits at offset 7. */
export function tagTimestamp(tag: Buffer): number {
  return (tag.readUIntBE(4, 3) | (tag[7]! << 24)) >>> 0;
}

function setTagTimestamp(tag: Buffer, ms: number): void {
  tag.writeUIntBE(ms & 0xffffff, 4, 3);
  tag[7] = (ms >>> 24) & 0xff;
}

/**
 * Rewrites a live stream's FLV pieces into a file that starts at time 0: the stream's timestamps run from the
 * publisher's start, and a segment cut from the middle would otherwise begin minutes in (players show a blank
 * stretch, and the replay could not map the file's time to the wall clock). Time 0 is the first video frame;
 * headers and anything before that frame get 0. Pieces shared with other subscribers are copied, never changed.
 */
export function createSegmentClock() {
  let base: number | undefined;
  let last = 0;
  return {
    /** The piece to write, and whether it is a video key frame (a clean place to cut the next segment). */
    rewrite(piece: Buffer): { out: Buffer; keyFrame: boolean } {
      if (piece.subarray(0, 3).toString('latin1') === 'FLV') return { out: piece, keyFrame: false };
      const tag = flvTagInfo(piece);
      if (!tag) return { out: piece, keyFrame: false };
      const out = Buffer.from(piece);
      let rel = 0;
      if (tag.type === TAG_VIDEO && !tag.config && base === undefined) base = tagTimestamp(piece);
      if (base !== undefined && !tag.config) {
        rel = Math.max(0, tagTimestamp(piece) - base);
        last = Math.max(last, rel);
      }
      setTagTimestamp(out, rel);
      return { out, keyFrame: tag.type === TAG_VIDEO && tag.keyFrame && !tag.config };
    },
    /** Milliseconds of media written so far (first video frame to the latest tag). */
    durationMs: () => last,
    started: () => base !== undefined,
  };
}
