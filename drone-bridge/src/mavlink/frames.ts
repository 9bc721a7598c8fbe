import {
  MavLinkPacketSignature,
  MavLinkProtocolV1,
  MavLinkProtocolV2,
  MSG_ID_MAGIC_NUMBER,
  x25crc,
  type MavLinkPacketHeader,
  type MavLinkProtocol,
} from 'node-mavlink';
import type { RejectReason } from '../decoders/types.ts';

/**
 * Splits one UDP datagram into MAVLink frames (v1 `0xFE` and v2 `0xFD`) and checks each frame's CRC with the
 * message's CRC_EXTRA ("magic number"), using node-mavlink's protocol classes for the header, payload and
 * signature layout. node-mavlink's own splitter is a stream that skips bad bytes silently; a datagram has clear
 * edges, so here every bad frame becomes a rejection with its reason.
 *
 *   v1: STX len seq sysid compid msgid                         payload crc(2)
 *   v2: STX len incompat compat seq sysid compid msgid(3)      payload crc(2) [signature(13) when incompat & 1]
 */

export interface Frame {
  version: 1 | 2;
  header: MavLinkPacketHeader;
  protocol: MavLinkProtocol;
  /** The whole frame, signature included. */
  bytes: Buffer;
  /** Present when the frame is MAVLink 2 and signed. */
  signature: MavLinkPacketSignature | null;
}

export type FrameResult =
  | { kind: 'frame'; frame: Frame }
  /** A well-formed frame of a message id this MAVLink dialect set does not know: its CRC cannot be checked. */
  | { kind: 'unknown_message'; msgid: number; sysid: number; bytes: Buffer }
  | { kind: 'rejected'; reason: RejectReason; detail: string; sysid: number | null; bytes: Buffer };

const STX_V1 = MavLinkProtocolV1.START_BYTE;
const STX_V2 = MavLinkProtocolV2.START_BYTE;
const CRC_BYTES = 2;
const SIGNATURE_BYTES = MavLinkPacketSignature.SIGNATURE_LENGTH;
const IFLAG_SIGNED = 0x01;
const magicNumbers = MSG_ID_MAGIC_NUMBER as Record<string, number | undefined>;

/** The largest MAVLink frame: v2 header 10 + payload 255 + CRC 2 + signature 13. */
export const MAX_FRAME_BYTES = 280;

function nextStx(buf: Buffer, from: number): number {
  for (let i = from; i < buf.length; i++) if (buf[i] === STX_V1 || buf[i] === STX_V2) return i;
  return -1;
}

/** Every frame in a datagram, in order. Never throws. */
export function splitDatagram(buf: Buffer): FrameResult[] {
  const out: FrameResult[] = [];
  let offset = nextStx(buf, 0);
  if (offset < 0) {
    out.push({ kind: 'rejected', reason: 'not_mavlink', detail: 'no MAVLink start byte', sysid: null, bytes: buf });
    return out;
  }
  if (offset > 0) {
    const junk = buf.subarray(0, offset);
    out.push({
      kind: 'rejected',
      reason: 'not_mavlink',
      detail: `${offset} bytes before a start byte`,
      sysid: null,
      bytes: junk,
    });
  }
  while (offset >= 0 && offset < buf.length) {
    const r = readFrame(buf, offset);
    out.push(r.result);
    offset = r.next >= buf.length ? -1 : r.next;
    if (offset >= 0 && buf[offset] !== STX_V1 && buf[offset] !== STX_V2) {
      const stx = nextStx(buf, offset);
      const end = stx < 0 ? buf.length : stx;
      out.push({
        kind: 'rejected',
        reason: 'not_mavlink',
        detail: `${end - offset} bytes between frames`,
        sysid: null,
        bytes: buf.subarray(offset, end),
      });
      offset = stx;
    }
  }
  return out;
}

function readFrame(buf: Buffer, offset: number): { result: FrameResult; next: number } {
  const version = buf[offset] === STX_V2 ? 2 : 1;
  const headerBytes = version === 2 ? MavLinkProtocolV2.PAYLOAD_OFFSET : MavLinkProtocolV1.PAYLOAD_OFFSET;
  const rest = buf.subarray(offset);
  if (rest.length < headerBytes + CRC_BYTES) {
    return {
      result: {
        kind: 'rejected',
        reason: 'truncated',
        detail: `${rest.length} bytes, shorter than any v${version} frame`,
        sysid: null,
        bytes: rest,
      },
      next: buf.length,
    };
  }
  const payloadLength = rest[1]!;
  const incompat = version === 2 ? rest[2]! : 0;
  const signed = version === 2 && (incompat & IFLAG_SIGNED) !== 0;
  const frameLength = headerBytes + payloadLength + CRC_BYTES + (signed ? SIGNATURE_BYTES : 0);
  const sysid = version === 2 ? rest[5]! : rest[3]!;
  if (rest.length < frameLength) {
    return {
      result: {
        kind: 'rejected',
        reason: 'truncated',
        detail: `v${version} frame of ${frameLength} bytes cut at ${rest.length}`,
        sysid,
        bytes: rest,
      },
      next: buf.length,
    };
  }
  const bytes = rest.subarray(0, frameLength);
  const next = offset + frameLength;
  if ((incompat & ~IFLAG_SIGNED) !== 0) {
    // MAVLink 2: a receiver must drop frames with incompatibility flags it does not understand.
    return {
      result: {
        kind: 'rejected',
        reason: 'not_mavlink',
        detail: `unknown incompatibility flags 0x${incompat.toString(16)}`,
        sysid,
        bytes,
      },
      next,
    };
  }
  const protocol: MavLinkProtocol = version === 2 ? new MavLinkProtocolV2() : new MavLinkProtocolV1();
  const header = protocol.header(bytes);
  const magic = magicNumbers[String(header.msgid)];
  if (magic === undefined) {
    return { result: { kind: 'unknown_message', msgid: header.msgid, sysid, bytes }, next };
  }
  const expected = x25crc(bytes, 1, CRC_BYTES + (signed ? SIGNATURE_BYTES : 0), magic);
  const got = protocol.crc(bytes);
  if (expected !== got) {
    return {
      result: {
        kind: 'rejected',
        reason: 'bad_crc',
        detail: `msgid ${header.msgid} from system ${sysid}: CRC 0x${got.toString(16)}, expected 0x${expected.toString(16)}`,
        sysid,
        bytes,
      },
      next,
    };
  }
  const signature = signed ? new MavLinkPacketSignature(bytes) : null;
  return { result: { kind: 'frame', frame: { version, header, protocol, bytes, signature } }, next };
}
