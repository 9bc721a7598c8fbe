import { createHmac } from 'node:crypto';
import type { ChannelAdapter, OutgoingMessage } from './channel.ts';
import { postJson } from './http-post.ts';
import { interpretAnswer } from './vendor-answer.ts';
import { fitLines } from './utf8.ts';
import { robotAdapter, type RobotOptions } from './robot-adapter.ts';

/** DingTalk custom robot (自定义机器人), open.dingtalk.com "自定义机器人安全设置" / "发送消息". */
export const DINGTALK_MARKDOWN_MAX_BYTES = 4096;
/** "Exceeding 20 per minute throttles the robot for 10 minutes" (errcode 130101). */
export const DINGTALK_THROTTLE_MS = 10 * 60_000;

const codes = {
  retryable: new Set([-1]),
  pauseMs: new Map([[130101, DINGTALK_THROTTLE_MS]]),
  names: new Map([
    [-1, 'system busy'],
    [130101, 'send too fast, exceed 20 times per minute'],
    [310000, 'sign, keyword or IP check failed'],
    [300001, 'token is not exist'],
    [400102, 'robot stopped'],
  ]),
};

/** 加签: base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)); the caller URL-encodes it. */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function dingtalkSignedUrl(webhookUrl: string, secret: string | undefined, nowMs: number): string {
  if (!secret) return webhookUrl;
  const url = new URL(webhookUrl);
  url.searchParams.set('timestamp', String(nowMs));
  url.searchParams.set('sign', dingtalkSign(nowMs, secret));
  return url.toString();
}

/** Markdown: a line per paragraph, the photo as an image by URL (DingTalk takes images only by URL). */
export function dingtalkBody(m: OutgoingMessage) {
  const lines = m.lines.map((l) => ({ ...l, text: l.text.replace(/(https?:\/\/\S+)/g, '[$1]($1)') }));
  const photo = m.photoUrl ? `\n\n![照片](${m.photoUrl})` : '';
  // Paragraphs are separated by a blank line in DingTalk markdown: one more byte per line.
  const budget = DINGTALK_MARKDOWN_MAX_BYTES - Buffer.byteLength(photo) - lines.length;
  const text = fitLines(lines, budget).split('\n').join('\n\n') + photo;
  return { msgtype: 'markdown', markdown: { title: m.title, text } };
}

export function dingtalkAdapter(options: RobotOptions & { now?: () => number }): ChannelAdapter {
  const now = options.now ?? Date.now;
  return robotAdapter('dingtalk', options, {
    async post(webhookUrl, m, c) {
      const url = dingtalkSignedUrl(webhookUrl, c.signSecret, now());
      return interpretAnswer(await postJson(url, dingtalkBody(m), options), codes);
    },
  });
}
