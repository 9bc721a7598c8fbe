import type { SendingChannel } from './channel.ts';

export type RobotChannel = Exclude<SendingChannel, 'sms'>;

/**
 * Where each vendor's robots live. A webhook URL must start with one of these (origin + path), so a group's
 * credentials cannot make the server post to an arbitrary address. Tests and the bench point them at local
 * receivers.
 */
export type VendorBases = Record<RobotChannel, string[]>;

export const defaultVendorBases: VendorBases = {
  wecom: ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send'],
  dingtalk: ['https://oapi.dingtalk.com/robot/send'],
  feishu: ['https://open.feishu.cn/open-apis/bot/v2/hook/', 'https://open.larksuite.com/open-apis/bot/v2/hook/'],
};

/** The token that names the robot inside the URL (what makes it one robot for the rate limit). */
export function robotToken(channel: RobotChannel, url: URL): string | null {
  switch (channel) {
    case 'wecom':
      return url.searchParams.get('key');
    case 'dingtalk':
      return url.searchParams.get('access_token');
    case 'feishu': {
      const last = url.pathname.split('/').pop();
      return last && last !== 'hook' ? last : null;
    }
  }
}

/** Why this URL cannot be a robot of this channel, or null when it can. */
export function webhookUrlProblem(channel: RobotChannel, raw: string, bases: VendorBases): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'a webhook URL carries no user or password';
  const here = `${url.origin}${url.pathname}`;
  if (!bases[channel].some((b) => here.startsWith(b))) {
    return `a ${channel} webhook must start with ${bases[channel].join(' or ')}`;
  }
  const token = robotToken(channel, url);
  if (!token || !/^[A-Za-z0-9_.~-]{6,200}$/.test(token)) {
    const what = { wecom: 'a key= parameter', dingtalk: 'an access_token= parameter', feishu: 'the hook token' }[
      channel
    ];
    return `the ${channel} webhook URL lacks ${what}`;
  }
  return null;
}

/** "qyapi.weixin.qq.com · …5aaa": enough for staff to tell robots apart, useless to an attacker. */
export function maskedWebhook(raw: string): string {
  try {
    const url = new URL(raw);
    const token =
      url.searchParams.get('key') ?? url.searchParams.get('access_token') ?? url.pathname.split('/').pop() ?? '';
    return `${url.host} · …${token.slice(-4)}`;
  } catch {
    return '(unreadable)';
  }
}

/** The vendors' bases plus the same paths on each extra origin (ROBOT_EXTRA_ORIGINS: a local stand-in). */
export function vendorBasesWith(extraOrigins: readonly string[], bases: VendorBases = defaultVendorBases): VendorBases {
  const onOrigins = (list: string[]) => [
    ...list,
    ...extraOrigins.flatMap((origin) => list.map((b) => `${origin}${new URL(b).pathname}`)),
  ];
  return { wecom: onOrigins(bases.wecom), dingtalk: onOrigins(bases.dingtalk), feishu: onOrigins(bases.feishu) };
}
