import type { Logger } from 'pino';
import type { SecretBox } from '@lookout/db';
import { AppError } from '../../errors.ts';
import type { Adapters } from '../../notify/channels/adapters.ts';
import type { GroupCredentials, OutgoingMessage } from '../../notify/channels/channel.ts';
import { openCredentials } from '../../notify/credentials.ts';
import type { RobotLimiter } from '../../notify/robot-limiter.ts';
import { sendNow } from '../../notify/send-now.ts';
import { mustManage } from './group-access.ts';
import type { GroupsRepo } from './groups.repo.ts';
import type { GroupTestResponse, SessionUser } from '@lookout/contracts';

/** One test per group in this many seconds, across all servers (the claim is a row update). */
export const GROUP_TEST_INTERVAL_S = 30;

export interface GroupTester {
  /** Sends a short test text to the group's robot or roster and answers what the vendor said. */
  test(id: string, actor: SessionUser): Promise<GroupTestResponse>;
}

export interface GroupTesterDeps {
  repo: GroupsRepo;
  box: SecretBox;
  /** The delivery worker's own adapters and per-robot limiter. */
  senders: { adapters: Adapters; limiter: RobotLimiter };
  stationName: string;
  log: Logger;
  minIntervalS?: number;
  now?: () => Date;
}

/** The test text: plainly a test, so nobody in the group forwards it as an alert. */
export function testMessage(groupName: string, stationName: string, at: Date): OutgoingMessage {
  const time = at.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  return {
    deliveryId: 0,
    msgType: 'Alert',
    title: `【测试消息】${stationName}`,
    lines: [
      { text: `这是发给“${groupName}”的测试消息，用于确认群机器人可用，请勿转发。`, keep: true },
      { text: `发送时间：${time}` },
    ],
    cardUrl: null,
    photoUrl: null,
    photo: null,
  };
}

export function createGroupTester(deps: GroupTesterDeps): GroupTester {
  const { repo, box, log } = deps;
  const now = deps.now ?? (() => new Date());
  const interval = deps.minIntervalS ?? GROUP_TEST_INTERVAL_S;

  return {
    async test(id, actor) {
      const group = await repo.get(id);
      if (!group) throw new AppError('not_found', 'No such group');
      mustManage(actor, group);
      if (group.channel === 'forward_kit') {
        throw new AppError('conflict', 'A forward-kit group has no robot: a liaison forwards by hand');
      }
      if (!group.credentialsEnc) throw new AppError('conflict', 'The group has no credentials to test');
      let credentials: GroupCredentials;
      try {
        credentials = openCredentials(box, group.credentialsEnc);
      } catch {
        throw new AppError('conflict', 'The credentials were sealed with another key: enter them again');
      }
      const claim = await repo.claimTest(id, interval);
      if (!claim) throw new AppError('not_found', 'No such group');
      if (!claim.ok) {
        const retryAfterS = Math.max(1, Math.ceil((claim.retryAt.getTime() - Date.now()) / 1000));
        throw new AppError('rate_limited', `One test per group every ${interval} s`, { retryAfterS });
      }
      const at = now();
      const result = await sendNow(
        deps.senders,
        group.channel,
        credentials,
        testMessage(group.name, deps.stationName, at),
      );
      if ('busy' in result) {
        const retryAfterS = Math.max(1, Math.ceil((result.retryAt.getTime() - Date.now()) / 1000));
        const error = 'the robot is at its vendor’s rate limit; nothing was sent';
        await repo.recordTest(id, { ok: false, vendorCode: null, error });
        throw new AppError('rate_limited', error, { retryAfterS });
      }
      const error = result.ok ? (result.note ?? null) : result.error;
      await repo.recordTest(id, { ok: result.ok, vendorCode: result.vendorCode, error });
      log.info({ groupId: id, channel: group.channel, ok: result.ok, vendorCode: result.vendorCode }, 'group test');
      return {
        ok: result.ok,
        at: at.toISOString(),
        httpStatus: result.httpStatus,
        vendorCode: result.vendorCode,
        error,
      };
    },
  };
}
