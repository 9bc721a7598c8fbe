import { describe, expect, it } from 'vitest';
import { defaultVendorBases, vendorBasesWith, webhookUrlProblem } from './webhook-url.ts';

describe('vendorBasesWith', () => {
  it('keeps the vendors’ hosts and adds their paths on the extra origins, nothing else', () => {
    const bases = vendorBasesWith(['http://127.0.0.1:9000']);
    expect(bases.wecom).toEqual([...defaultVendorBases.wecom, 'http://127.0.0.1:9000/cgi-bin/webhook/send']);
    expect(webhookUrlProblem('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef12', bases)).toBe(
      null,
    );
    expect(webhookUrlProblem('wecom', 'http://127.0.0.1:9000/cgi-bin/webhook/send?key=abcdef12', bases)).toBe(null);
    expect(webhookUrlProblem('dingtalk', 'http://127.0.0.1:9000/robot/send?access_token=abcdef12', bases)).toBe(null);
    expect(webhookUrlProblem('wecom', 'http://127.0.0.1:9001/cgi-bin/webhook/send?key=abcdef12', bases)).toMatch(
      /must start with/,
    );
    expect(webhookUrlProblem('wecom', 'http://127.0.0.1:9000/other?key=abcdef12', bases)).toMatch(/must start with/);
  });

  it('without extra origins is the vendors’ own list', () => {
    expect(vendorBasesWith([])).toEqual(defaultVendorBases);
  });
});
