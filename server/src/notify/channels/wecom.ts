import { createHash } from 'node:crypto';
import type { ChannelAdapter, OutgoingMessage } from './channel.ts';
import { postJson } from './http-post.ts';
import { interpretAnswer } from './vendor-answer.ts';
import { fitLines } from './utf8.ts';
import { robotAdapter, type RobotOptions } from './robot-adapter.ts';

/** WeCom group robot (企业微信群机器人), developer.work.weixin.qq.com/document/path/91770. */
export const WECOM_TEXT_MAX_BYTES = 2048;
export const WECOM_IMAGE_MAX_BYTES = 2 * 1024 * 1024;

const codes = {
  retryable: new Set([-1, 45009, 45033]),
  names: new Map([
    [-1, 'system busy'],
    [45009, 'api freq out of limit'],
    [93000, 'invalid webhook url'],
    [40008, 'invalid message type'],
    [44004, 'empty content'],
  ]),
};

export function wecomTextBody(m: OutgoingMessage) {
  return { msgtype: 'text', text: { content: fitLines(m.lines, WECOM_TEXT_MAX_BYTES) } };
}

export function wecomImageBody(bytes: Buffer) {
  return {
    msgtype: 'image',
    image: { base64: bytes.toString('base64'), md5: createHash('md5').update(bytes).digest('hex') },
  };
}

/** Only JPG/PNG up to 2 MB go as an image message; otherwise the text's photo link has to do. */
const imageFits = (p: OutgoingMessage['photo']): p is { bytes: Buffer; mime: string } =>
  !!p && ['image/jpeg', 'image/png'].includes(p.mime) && p.bytes.length <= WECOM_IMAGE_MAX_BYTES;

export function wecomAdapter(options: RobotOptions): ChannelAdapter {
  return robotAdapter('wecom', options, {
    messageCount: (m) => (imageFits(m.photo) ? 2 : 1),
    async post(url, m) {
      const text = interpretAnswer(await postJson(url, wecomTextBody(m), options), codes);
      if (!text.ok || !imageFits(m.photo)) return text;
      // The text (with the photo link) is out; an image failure is noted, not retried (that would repeat the text).
      const image = interpretAnswer(await postJson(url, wecomImageBody(m.photo.bytes), options), codes);
      return image.ok ? text : { ...text, note: `image not sent: ${image.error}` };
    },
  });
}
