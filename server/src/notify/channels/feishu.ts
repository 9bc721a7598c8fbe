import { createHmac } from 'node:crypto';
import type { ChannelAdapter, OutgoingMessage } from './channel.ts';
import { postJson } from './http-post.ts';
import { interpretAnswer } from './vendor-answer.ts';
import { fitLines, utf8Bytes } from './utf8.ts';
import { robotAdapter, type RobotOptions } from './robot-adapter.ts';

/** Feishu/Lark custom bot (自定义机器人使用指南), open.larkoffice.com/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN. */
export const FEISHU_BODY_MAX_BYTES = 20 * 1024;

const codes = {
  retryable: new Set([9499, 11232]),
  names: new Map([
    [9499, 'too many requests'],
    [11232, 'frequency limited'],
    [19021, 'sign match fail or timestamp is not within one hour from current time'],
    [19022, 'ip not allowed'],
    [19024, 'keyword not found'],
  ]),
};

/** Signature: base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")), timestamp in seconds. */
export function feishuSign(timestampS: number, secret: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

type PostElement = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string };

/** A `post` (rich text) message: one paragraph per line, links as `a` elements. */
export function feishuBody(m: OutgoingMessage, sign: { timestamp: number; sign: string } | null) {
  const build = (lines: OutgoingMessage['lines']) => {
    const content: PostElement[][] = lines.slice(1).map((l) => {
      const match = /^(.*?)(https?:\/\/\S+)$/.exec(l.text);
      return match
        ? [
            { tag: 'text', text: match[1]! },
            { tag: 'a', text: match[2]!, href: match[2]! },
          ]
        : [{ tag: 'text', text: l.text }];
    });
    return {
      ...(sign ? { timestamp: String(sign.timestamp), sign: sign.sign } : {}),
      msg_type: 'post',
      content: { post: { zh_cn: { title: lines[0]?.text ?? m.title, content } } },
    };
  };
  let body = build(m.lines);
  const size = () => utf8Bytes(JSON.stringify(body));
  if (size() > FEISHU_BODY_MAX_BYTES) {
    // JSON escaping and the envelope cost bytes too: cut the text by what is over, with a little slack.
    const textBytes = utf8Bytes(m.lines.map((l) => l.text).join('\n'));
    const cut = fitLines(m.lines, textBytes - (size() - FEISHU_BODY_MAX_BYTES) - 256).split('\n');
    body = build(cut.map((text, i) => ({ text, keep: i === 0 })));
  }
  return body;
}

export function feishuAdapter(options: RobotOptions & { now?: () => number }): ChannelAdapter {
  const now = options.now ?? Date.now;
  return robotAdapter('feishu', options, {
    async post(url, m, c) {
      const ts = Math.floor(now() / 1000);
      const body = feishuBody(m, c.signSecret ? { timestamp: ts, sign: feishuSign(ts, c.signSecret) } : null);
      return interpretAnswer(await postJson(url, body, options), codes);
    },
  });
}
