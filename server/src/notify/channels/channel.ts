import type { Channel } from '@lookout/contracts';

/** The channels a robot or gateway sends to; `forward_kit` is delivered by a liaison's hands. */
export type SendingChannel = Exclude<Channel, 'forward_kit'>;

/** The decrypted secrets of one group (never logged, never returned by the API). */
export interface GroupCredentials {
  /** The webhook URL exactly as the vendor gives it (WeCom `…/send?key=`, DingTalk `…?access_token=`, Feishu `…/hook/{token}`). */
  webhookUrl?: string;
  /** DingTalk 加签 secret (`SEC…`) or the Feishu signing secret. */
  signSecret?: string;
  /** SMS roster: the liaisons' phone numbers. */
  phones?: string[];
}

/** What a delivery says, already rendered from the CAP message and the public card (see render.ts). */
export interface OutgoingMessage {
  deliveryId: number;
  /** The gateway's reference for this message; default `delivery-<deliveryId>` (a team link sends its own). */
  ref?: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  /** One line: "【寻找走失儿童】…" / "已找到，请删除转发…". */
  title: string;
  /** Plain-text lines, in order; adapters join and cut them to their own byte limits (keep = never cut). */
  lines: { text: string; keep?: boolean }[];
  /** The public card's link (may be absent). */
  cardUrl: string | null;
  /** An expiring photo link (absent for a Cancel, or when there is no photo). */
  photoUrl: string | null;
  /** The photo itself for channels that need the bytes (WeCom image message). */
  photo: { bytes: Buffer; mime: string } | null;
}

export interface SendResult {
  ok: boolean;
  httpStatus: number | null;
  /** WeCom/DingTalk `errcode`, Feishu `code`, the gateway's own code. */
  vendorCode: number | null;
  /** Worth another try later (5xx, network, the vendor's rate-limit codes). */
  retryable: boolean;
  /** The vendor asked us to wait this long (DingTalk's 10-minute throttle, Retry-After). */
  retryAfterMs?: number;
  error: string | null;
  /** A partial success worth recording (e.g. the text went out, the image did not). */
  note?: string;
}

export interface ChannelAdapter {
  channel: SendingChannel;
  /** How many vendor messages this delivery costs against the robot's rate limit (WeCom: text + image). */
  messageCount(message: OutgoingMessage): number;
  /** The key of the rate-limited thing: one robot (webhook) or one SMS gateway. */
  robotKey(credentials: GroupCredentials): string;
  send(message: OutgoingMessage, credentials: GroupCredentials): Promise<SendResult>;
}

export const permanent = (error: string, extra: Partial<SendResult> = {}): SendResult => ({
  ok: false,
  httpStatus: null,
  vendorCode: null,
  retryable: false,
  error,
  ...extra,
});
