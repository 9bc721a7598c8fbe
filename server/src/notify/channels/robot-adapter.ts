import {
  permanent,
  type ChannelAdapter,
  type GroupCredentials,
  type OutgoingMessage,
  type SendResult,
} from './channel.ts';
import { robotToken, webhookUrlProblem, type RobotChannel, type VendorBases } from './webhook-url.ts';

export interface RobotOptions {
  bases: VendorBases;
  timeoutMs: number;
}

/**
 * A group robot reached by webhook (WeCom, DingTalk, Feishu): the robot's identity for the rate limit and the
 * refusal of any URL outside the vendor's own are the same for all; `post` sends to a URL already checked.
 */
export function robotAdapter(
  channel: RobotChannel,
  options: RobotOptions,
  robot: {
    messageCount?: (m: OutgoingMessage) => number;
    post: (webhookUrl: string, m: OutgoingMessage, c: GroupCredentials) => Promise<SendResult>;
  },
): ChannelAdapter {
  return {
    channel,
    messageCount: robot.messageCount ?? (() => 1),
    robotKey: (c) => `${channel}:${c.webhookUrl ? (robotToken(channel, new URL(c.webhookUrl)) ?? c.webhookUrl) : '?'}`,
    async send(m: OutgoingMessage, c: GroupCredentials): Promise<SendResult> {
      if (!c.webhookUrl) return permanent('no webhook URL in the credentials');
      const problem = webhookUrlProblem(channel, c.webhookUrl, options.bases);
      if (problem) return permanent(`webhook URL refused: ${problem}`);
      return robot.post(c.webhookUrl, m, c);
    },
  };
}
