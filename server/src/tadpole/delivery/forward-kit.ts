import QRCode from 'qrcode';
import type { OutgoingMessage } from '../../notify/channels/channel.ts';
import { fitLines } from '../../notify/channels/utf8.ts';

/** What a liaison pastes into a personal WeChat group: there is no sanctioned bot API there . */
export interface ForwardKit {
  deliveryId: number;
  msgType: OutgoingMessage['msgType'];
  text: string;
  /** The public card: the short link to paste, and its QR code (SVG) for a poster or a screenshot. */
  link: string | null;
  qrSvg: string | null;
  /** "Save image": an expiring link (absent for a Cancel). */
  imageUrl: string | null;
}

/** A WeChat message is long enough for the whole card; 4,000 bytes keeps it on one phone screen or two. */
const KIT_TEXT_MAX_BYTES = 4000;

export async function buildForwardKit(m: OutgoingMessage): Promise<ForwardKit> {
  return {
    deliveryId: m.deliveryId,
    msgType: m.msgType,
    text: fitLines(m.lines, KIT_TEXT_MAX_BYTES),
    link: m.cardUrl,
    qrSvg: m.cardUrl ? await QRCode.toString(m.cardUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }) : null,
    imageUrl: m.photoUrl,
  };
}
