import type { Adapters } from './channels/adapters.ts';
import type { GroupCredentials, OutgoingMessage, SendResult, SendingChannel } from './channels/channel.ts';
import type { RobotLimiter } from './robot-limiter.ts';

/** The robot (or SMS gateway) has no room now: nothing was sent; try again at `retryAt`. */
export interface RobotBusy {
  busy: true;
  retryAt: Date;
}

/**
 * One message sent at once, outside any queue, the way the outbox sends a delivery: the channel's own adapter,
 * counted against the same per-robot limiter (taken before, settled at the answer, paused when the vendor says
 * "too fast"), so a test message can never push a robot over its vendor's limit while alerts are going out.
 */
export async function sendNow(
  senders: { adapters: Adapters; limiter: RobotLimiter },
  channel: SendingChannel,
  credentials: GroupCredentials,
  message: OutgoingMessage,
): Promise<SendResult | RobotBusy> {
  const adapter = senders.adapters[channel];
  const robot = adapter.robotKey(credentials);
  const count = adapter.messageCount(message);
  const ticket = senders.limiter.tryTake(robot, count);
  if (ticket === null) {
    const [at] = senders.limiter.schedule(robot, [count]);
    return { busy: true, retryAt: new Date(Math.max(at ?? 0, senders.limiter.pausedUntilMs(robot), Date.now())) };
  }
  let result: SendResult;
  try {
    result = await adapter.send(message, credentials);
  } catch (err) {
    result = {
      ok: false,
      httpStatus: null,
      vendorCode: null,
      retryable: true,
      error: `adapter: ${(err as Error).message}`,
    };
  }
  senders.limiter.settle(robot, ticket, count);
  if (!result.ok && result.retryAfterMs) senders.limiter.pause(robot, Date.now() + result.retryAfterMs);
  return result;
}
