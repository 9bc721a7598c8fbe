import { describe, expect, it } from 'vitest';
import type { Group } from '@lookout/contracts';
import { circleRing, emptyForm, formBody, formFromGroup } from './group-form.ts';

const stored: Group = {
  id: 'g1',
  name: '花川群',
  channel: 'wecom',
  gridName: '花川-3',
  memberCount: 300,
  area: { type: 'Point', coordinates: [120, 29] },
  liaisonId: 'l1',
  liaisonName: 'L',
  officerId: null,
  officerName: null,
  disabled: false,
  hasCredentials: true,
  credentialsHint: 'qyapi.weixin.qq.com · …5aaa',
  lastTest: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('formBody', () => {
  it('a new circle group sends the centre, radius, datum and the webhook', () => {
    const out = formBody(
      {
        ...emptyForm(),
        name: ' 东区群 ',
        area: { kind: 'circle', center: { lon: 120.1, lat: 29.1 }, radiusM: '800' },
        webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc123',
      },
      null,
    );
    expect(out).toEqual({
      body: expect.objectContaining({
        name: '东区群',
        area: { circle: { lon: 120.1, lat: 29.1, radiusM: 800, datum: 'wgs84' } },
        credentials: { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc123' },
      }),
    });
  });

  it('an edit with empty credential fields keeps the stored ones and the stored area', () => {
    const out = formBody({ ...formFromGroup(stored), name: '改名' }, stored);
    expect('body' in out && out.body).toMatchObject({ name: '改名' });
    expect('body' in out && 'credentials' in out.body).toBe(false);
    expect('body' in out && 'area' in out.body).toBe(false);
  });

  it('a channel change needs new credentials; a switch to forward kit drops them', () => {
    expect(formBody({ ...formFromGroup(stored), channel: 'dingtalk' }, stored)).toEqual({
      problem: 'credentialsNeeded',
    });
    const kit = formBody({ ...formFromGroup(stored), channel: 'forward_kit' }, stored);
    expect('body' in kit && kit.body).toMatchObject({ channel: 'forward_kit', credentials: null });
  });

  it('closes a drawn polygon and refuses fewer than 3 points, a missing centre, a bad radius', () => {
    const pts = [
      { lon: 1, lat: 1 },
      { lon: 2, lat: 1 },
      { lon: 2, lat: 2 },
    ];
    const base = { ...emptyForm(), name: 'p', channel: 'forward_kit' as const };
    const ok = formBody({ ...base, area: { kind: 'polygon', points: pts } }, null);
    expect('body' in ok && ok.body.area).toEqual({
      type: 'Polygon',
      datum: 'wgs84',
      coordinates: [
        [
          [1, 1],
          [2, 1],
          [2, 2],
          [1, 1],
        ],
      ],
    });
    expect(formBody({ ...base, area: { kind: 'polygon', points: pts.slice(0, 2) } }, null)).toEqual({
      problem: 'polygon',
    });
    expect(formBody({ ...base, area: { kind: 'circle', center: null, radiusM: '500' } }, null)).toEqual({
      problem: 'area',
    });
    expect(formBody({ ...base, area: { kind: 'circle', center: pts[0]!, radiusM: '0' } }, null)).toEqual({
      problem: 'radius',
    });
  });
});

describe('circleRing', () => {
  it('is closed and about the radius from the centre', () => {
    const ring = circleRing({ lon: 120, lat: 30 }, 1000, 16);
    expect(ring[0]).toEqual(ring[16]);
    const north = ring[0]!;
    expect((north[1] - 30) * 111_195).toBeCloseTo(1000, -1);
  });
});
