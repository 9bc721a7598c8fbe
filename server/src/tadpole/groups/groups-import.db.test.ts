import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { freshSpot } from '../delivery/testing/tadpole-rows.ts';
import { personFor } from './testing/group-people.ts';

let h: Harness;
let commander: string;

beforeAll(async () => {
  h = await startHarness();
  commander = await sessionFor(h, 'commander');
});
afterAll(() => h.close());

const HEADER = 'name,channel,grid,members,liaison,officer,datum,lon,lat,radius_m,area,webhook_url,sign_secret,phones';

async function importCsv(cookie: string, text: string, type = 'text/csv') {
  const res = await fetch(`${h.base}/api/v1/tadpole/groups/import`, {
    method: 'POST',
    headers: { 'content-type': type, cookie },
    body: text,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely
  return { status: res.status, body: (await res.json()) as any };
}

function wktSquare(c: { lon: number; lat: number }, d = 0.004): string {
  const pts = [
    [c.lon - d, c.lat - d],
    [c.lon + d, c.lat - d],
    [c.lon + d, c.lat + d],
    [c.lon - d, c.lat + d],
    [c.lon - d, c.lat - d],
  ];
  return `"POLYGON ((${pts.map(([x, y]) => `${x} ${y}`).join(', ')}))"`;
}

describe('POST /tadpole/groups/import (text/csv)', () => {
  it('makes a group per good row and reports every bad row without stopping', async () => {
    const liaison = await personFor(h, 'liaison');
    const officer = await personFor(h, 'officer');
    const a = freshSpot();
    const b = freshSpot();
    const c = freshSpot();
    const geojson = JSON.stringify({
      type: 'Polygon',
      coordinates: [
        [
          [c.lon, c.lat],
          [c.lon + 0.01, c.lat],
          [c.lon + 0.01, c.lat + 0.01],
          [c.lon, c.lat],
        ],
      ],
    }).replace(/"/g, '""');
    const bowtie = `"POLYGON ((${a.lon} ${a.lat}, ${a.lon + 0.01} ${a.lat + 0.01}, ${a.lon + 0.01} ${a.lat}, ${a.lon} ${a.lat + 0.01}, ${a.lon} ${a.lat}))"`;
    const csv = [
      HEADER,
      `圆形网格群,sms,东-1,120,${liaison.username},${officer.username},gcj02,${a.lon},${a.lat},600,,,,13800001111;13900002222`,
      `多边形群,forward_kit,东-2,80,,,wgs84,,,,${wktSquare(b)},,,`,
      `GeoJSON群,forward_kit,,0,,,,,,,"${geojson}",,,`,
      `没有区域,forward_kit,,,,,,,,,,,,`,
      `坏渠道,telegram,,,,,,${a.lon},${a.lat},500,,,,`,
      `外部地址,wecom,,,,,,${a.lon},${a.lat},500,,https://evil.example.com/cgi-bin/webhook/send?key=abcdefgh,,`,
      `无名联络员,forward_kit,,,nobody-${Date.now()},,,${a.lon},${a.lat},500,,,,`,
      `自相交,forward_kit,,,,,,,,,${bowtie},,,`,
      `半径太大,forward_kit,,,,,,${a.lon},${a.lat},999999,,,,`,
    ].join('\r\n');
    const res = await importCsv(commander, csv);
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(3);
    expect(res.body.failed).toBe(6);
    const byName = Object.fromEntries((res.body.rows as { name: string; groupId: string }[]).map((r) => [r.name, r]));
    expect(byName['圆形网格群']).toMatchObject({ ok: true, row: 2 });
    expect(byName['多边形群']).toMatchObject({ ok: true });
    expect(byName['GeoJSON群']).toMatchObject({ ok: true });
    expect(byName['没有区域']).toMatchObject({ ok: false, row: 5, error: expect.stringMatching(/no area/) });
    expect(byName['坏渠道']).toMatchObject({ ok: false, error: expect.stringMatching(/channel/) });
    expect(byName['外部地址']).toMatchObject({ ok: false, error: expect.stringMatching(/qyapi\.weixin\.qq\.com/) });
    expect(byName['无名联络员']).toMatchObject({ ok: false, error: expect.stringMatching(/username/) });
    expect(byName['自相交']).toMatchObject({ ok: false, error: expect.stringMatching(/Self-intersection/i) });
    expect(byName['半径太大']).toMatchObject({ ok: false, error: expect.stringMatching(/radiusM/) });

    const circle = await fetch(`${h.base}/api/v1/tadpole/groups/${byName['圆形网格群']!.groupId}`, {
      headers: { cookie: commander },
    }).then((r) => r.json() as Promise<Record<string, unknown>>);
    expect(circle).toMatchObject({
      channel: 'sms',
      gridName: '东-1',
      memberCount: 120,
      liaisonId: liaison.id,
      officerId: officer.id,
      hasCredentials: true,
      credentialsHint: '2 个号码 · …1111, …2222',
    });
  });

  it('a liaison’s rows are his own groups; a row naming another liaison fails alone', async () => {
    const me = await personFor(h, 'liaison');
    const other = await personFor(h, 'liaison');
    const a = freshSpot();
    const csv = [
      HEADER,
      `我的群,forward_kit,,,,,,${a.lon},${a.lat},300,,,,`,
      `别人的群,forward_kit,,,${other.username},,,${a.lon},${a.lat},300,,,,`,
    ].join('\n');
    const res = await importCsv(me.cookie, csv);
    expect(res.status).toBe(200);
    expect(res.body.rows).toMatchObject([
      { ok: true, name: '我的群' },
      { ok: false, name: '别人的群', error: expect.stringMatching(/another liaison/) },
    ]);
    const [row] = await h.database.query<{ liaison_id: string }>(
      'select liaison_id from community_groups where id = $1',
      [res.body.rows[0].groupId],
    );
    expect(row!.liaison_id).toBe(me.id);
  });

  it('refuses NUL (400), another content type (415), an oversize body or too many rows (413), no rows (400)', async () => {
    const a = freshSpot();
    expect((await importCsv(commander, `${HEADER}\nab\u0000c,forward_kit,,,,,,${a.lon},${a.lat},300,,,,`)).status).toBe(
      400,
    );
    expect((await importCsv(commander, `${HEADER}\n`, 'text/plain')).status).toBe(415);
    expect((await importCsv(commander, JSON.stringify({ rows: [] }), 'application/json')).status).toBe(415);
    const big = `${HEADER}\n${`x,forward_kit,,,,,,${a.lon},${a.lat},300,,,,${' '.repeat(200)}\n`.repeat(3000)}`;
    expect((await importCsv(commander, big)).status).toBe(413);
    const many = `${HEADER}\n${`x,forward_kit,,,,,,${a.lon},${a.lat},300,,,,\n`.repeat(501)}`;
    const tooMany = await importCsv(commander, many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.message).toMatch(/500/);
    expect((await importCsv(commander, `${HEADER}\n`)).status).toBe(400);
    const [n] = await h.database.query<{ n: number }>(
      `select count(*)::int as n from community_groups where name = 'x'`,
    );
    expect(Number(n!.n)).toBe(0);
  });
});
