import QRCode from 'qrcode';
import type { ForwardKit as ForwardKitView } from '@lookout/contracts';
import type { OutgoingMessage } from '../../notify/channels/channel.ts';
import { fitLines } from '../../notify/channels/utf8.ts';

/**
 * What a liaison pastes into a personal WeChat group (there is no sanctioned bot API there): the contract's kit
 * before the delivery's group is added to it.
 */
export type ForwardKit = Omit<ForwardKitView, 'groupName' | 'channel'>;

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
