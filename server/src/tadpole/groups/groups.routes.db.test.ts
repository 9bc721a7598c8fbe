import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWgs84 } from '@lookout/contracts';
import { call } from '../../testing/case-factories.ts';
import { sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { freshSpot, squareArea } from '../delivery/testing/tadpole-rows.ts';

let h: Harness;
let commander: string;
let liaison: string;
let pilot: string;

beforeAll(async () => {
  h = await startHarness();
  [commander, liaison, pilot] = await Promise.all([
    sessionFor(h, 'commander'),
    sessionFor(h, 'liaison'),
    sessionFor(h, 'pilot'),
  ]);
});
afterAll(() => h.close());

const wecomKey = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa'.replace(/x/g, '0');
const wecomUrl = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${wecomKey}`;

describe('community groups API', () => {
  it('stores credentials sealed and never returns them; pilots cannot read or write', async () => {
    const at = freshSpot();
    const created = await call(h, 'POST', '/api/v1/tadpole/groups', {
      cookie: commander,
      body: {
        name: '花川社区网格群',
        channel: 'wecom',
        gridName: '花川-3',
        memberCount: 312,
        area: squareArea(at),
        credentials: { webhookUrl: wecomUrl },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      channel: 'wecom',
      memberCount: 312,
      hasCredentials: true,
      credentialsHint: 'qyapi.weixin.qq.com · …5aaa',
    });
    const id = created.body.id as string;
    for (const res of [
      created,
      await call(h, 'GET', `/api/v1/tadpole/groups/${id}`, { cookie: liaison }),
      await call(h, 'GET', '/api/v1/tadpole/groups', { cookie: liaison }),
    ]) {
      expect(res.status).toBeLessThan(300);
      expect(JSON.stringify(res.body)).not.toContain(wecomKey);
    }
    const [row] = await h.database.query<{ credentials_enc: string }>(
      'select credentials_enc from community_groups where id = $1',
      [id],
    );
    expect(row!.credentials_enc.startsWith('v1.')).toBe(true);
    expect(row!.credentials_enc).not.toContain(wecomKey);

    expect((await call(h, 'POST', '/api/v1/tadpole/groups', { cookie: liaison, body: {} })).status).toBe(400);
    expect((await call(h, 'POST', '/api/v1/tadpole/groups', { cookie: pilot, body: {} })).status).toBe(403);
    expect((await call(h, 'GET', '/api/v1/tadpole/groups', { cookie: pilot })).status).toBe(403);
    expect((await call(h, 'GET', '/api/v1/tadpole/groups')).status).toBe(401);
  });

  it('refuses self-intersecting and unclosed polygons, webhooks off the vendor host, and misplaced credentials', async () => {
    const at = freshSpot();
    const bowtie = {
      type: 'Polygon',
      datum: 'wgs84',
      coordinates: [
        [
          [at.lon, at.lat],
          [at.lon + 0.01, at.lat + 0.01],
          [at.lon + 0.01, at.lat],
          [at.lon, at.lat + 0.01],
          [at.lon, at.lat],
        ],
      ],
    };
    const bad = async (body: Record<string, unknown>) =>
      call(h, 'POST', '/api/v1/tadpole/groups', {
        cookie: commander,
        body: { name: 'x', channel: 'forward_kit', area: squareArea(at), ...body },
      });
    const selfIntersecting = await bad({ area: bowtie });
    expect(selfIntersecting.status).toBe(400);
    expect(selfIntersecting.body.error.message).toMatch(/Self-intersection/i);
    const open = await bad({ area: { ...bowtie, coordinates: [bowtie.coordinates[0]!.slice(0, 4)] } });
    expect(open.status).toBe(400);
    expect(JSON.stringify(open.body)).toMatch(/closed/);
    expect((await bad({ area: { type: 'Point', coordinates: [at.lon, at.lat], datum: 'wgs84' } })).status).toBe(400);
    expect((await bad({ area: { ...squareArea(at), datum: undefined } })).status).toBe(400);
    const offHost = await bad({
      channel: 'wecom',
      credentials: { webhookUrl: 'http://10.0.0.5/cgi-bin/webhook/send?key=abcdefgh' },
    });
    expect(offHost.status).toBe(400);
    expect(offHost.body.error.message).toMatch(/qyapi\.weixin\.qq\.com/);
    expect((await bad({ channel: 'wecom' })).status).toBe(400);
    expect((await bad({ credentials: { phones: ['13800001111'] } })).status).toBe(400);
    expect((await bad({ channel: 'sms', credentials: { phones: ['not a phone'] } })).status).toBe(400);
    expect(
      (await bad({ channel: 'dingtalk', credentials: { webhookUrl: 'https://oapi.dingtalk.com/robot/send' } })).status,
    ).toBe(400);
  });

  it('takes a circle in GCJ-02, stores WGS-84, and finds groups by ST_Intersects', async () => {
    const at = freshSpot();
    const circle = await call(h, 'POST', '/api/v1/tadpole/groups', {
      cookie: commander,
      body: {
        name: '圆',
        channel: 'dingtalk',
        area: { circle: { lon: at.lon, lat: at.lat, radiusM: 800, datum: 'gcj02' } },
        credentials: {
          webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=abcdef123456',
          signSecret: 'SECx',
        },
      },
    });
    expect(circle.status).toBe(201);
    expect(circle.body.credentialsHint).toBe('oapi.dingtalk.com · …3456 · 加签');
    const [c] = await h.database.query<{ lon: number; lat: number; r: number }>(
      `select ST_X(ST_Centroid(area)) as lon, ST_Y(ST_Centroid(area)) as lat,
              ST_Distance(ST_Centroid(area)::geography, ST_PointN(ST_ExteriorRing(area), 1)::geography) as r
         from community_groups where id = $1`,
      [circle.body.id],
    );
    const [lon, lat] = toWgs84([at.lon, at.lat], 'gcj02');
    expect(Math.abs(Number(c!.lon) - lon)).toBeLessThan(1e-5);
    expect(Math.abs(Number(c!.lat) - lat)).toBeLessThan(1e-5);
    expect(Number(c!.r)).toBeGreaterThan(790);
    expect(Number(c!.r)).toBeLessThan(810);

    const service = h.server.services.tadpole.services.groups;
    const hit = await service.intersecting({ type: 'Point', coordinates: [lon + 0.005, lat] }); // ~450 m east
    expect(hit.map((g) => g.id)).toContain(circle.body.id);
    const miss = await service.intersecting({ type: 'Point', coordinates: [lon + 0.02, lat] });
    expect(miss.map((g) => g.id)).not.toContain(circle.body.id);

    const off = await call(h, 'DELETE', `/api/v1/tadpole/groups/${circle.body.id}`, { cookie: commander });
    expect(off.body.disabled).toBe(true);
    expect((await service.intersecting({ type: 'Point', coordinates: [lon, lat] })).map((g) => g.id)).not.toContain(
      circle.body.id,
    );
    const list = await call(h, 'GET', '/api/v1/tadpole/groups', { cookie: liaison });
    expect((list.body.groups as { id: string }[]).map((g) => g.id)).not.toContain(circle.body.id);
  });

  it('a channel change needs new credentials; PATCH replaces them', async () => {
    const at = freshSpot();
    const g = await call(h, 'POST', '/api/v1/tadpole/groups', {
      cookie: commander,
      body: { name: 'p', channel: 'forward_kit', area: squareArea(at) },
    });
    expect(g.body.hasCredentials).toBe(false);
    expect(
      (await call(h, 'PATCH', `/api/v1/tadpole/groups/${g.body.id}`, { cookie: commander, body: { channel: 'sms' } }))
        .status,
    ).toBe(400);
    const sms = await call(h, 'PATCH', `/api/v1/tadpole/groups/${g.body.id}`, {
      cookie: commander,
      body: { channel: 'sms', credentials: { phones: ['138 0000 1111', '13900002222'] } },
    });
    expect(sms.status).toBe(200);
    expect(sms.body).toMatchObject({
      channel: 'sms',
      hasCredentials: true,
      credentialsHint: '2 个号码 · …1111, …2222',
    });
    expect(
      (
        await call(h, 'PATCH', `/api/v1/tadpole/groups/00000000-0000-4000-8000-000000000000`, {
          cookie: commander,
          body: { name: 'n' },
        })
      ).status,
    ).toBe(404);
  });
});
