import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testing/case-factories.ts';
import { sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { freshSpot, squareArea } from '../delivery/testing/tadpole-rows.ts';
import { personFor } from './testing/group-people.ts';

let h: Harness;
let commander: string;

beforeAll(async () => {
  h = await startHarness();
  commander = await sessionFor(h, 'commander');
});
afterAll(() => h.close());

const wecomUrl = (key: string) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`;
const newGroup = (cookie: string, extra: Record<string, unknown> = {}) =>
  call(h, 'POST', '/api/v1/tadpole/groups', {
    cookie,
    body: { name: '网格群', channel: 'forward_kit', area: squareArea(freshSpot()), ...extra },
  });

describe('who manages a community group', () => {
  it('a liaison’s new group is his own; naming another liaison is 403', async () => {
    const me = await personFor(h, 'liaison');
    const other = await personFor(h, 'liaison');
    const mine = await newGroup(me.cookie);
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ liaisonId: me.id, liaisonName: me.username });
    expect((await newGroup(me.cookie, { liaisonId: other.id })).status).toBe(403);
    expect((await newGroup(me.cookie, { liaisonId: me.id })).status).toBe(201);
  });

  it('a liaison cannot change, disable or hand over another liaison’s group (403); a commander can', async () => {
    const owner = await personFor(h, 'liaison');
    const stranger = await personFor(h, 'liaison');
    const g = (await newGroup(owner.cookie)).body as { id: string };
    const path = `/api/v1/tadpole/groups/${g.id}`;
    expect((await call(h, 'PATCH', path, { cookie: stranger.cookie, body: { name: 'mine now' } })).status).toBe(403);
    expect((await call(h, 'DELETE', path, { cookie: stranger.cookie })).status).toBe(403);
    expect((await call(h, 'POST', `${path}/test`, { cookie: stranger.cookie })).status).toBe(403);
    expect((await call(h, 'PATCH', path, { cookie: owner.cookie, body: { liaisonId: stranger.id } })).status).toBe(403);
    expect((await call(h, 'GET', path, { cookie: owner.cookie })).body.name).toBe('网格群');

    const handed = await call(h, 'PATCH', path, { cookie: commander, body: { liaisonId: stranger.id } });
    expect(handed.status).toBe(200);
    expect(handed.body.liaisonId).toBe(stranger.id);
    expect((await call(h, 'PATCH', path, { cookie: owner.cookie, body: { name: 'x' } })).status).toBe(403);
    expect((await call(h, 'PATCH', path, { cookie: stranger.cookie, body: { name: '接手' } })).body.name).toBe('接手');
  });

  it('names a responsible officer, who must be an enabled officer', async () => {
    const officer = await personFor(h, 'officer');
    const pilot = await personFor(h, 'pilot');
    const liaison = await personFor(h, 'liaison');
    const g = await newGroup(commander, { officerId: officer.id, liaisonId: liaison.id });
    expect(g.status).toBe(201);
    expect(g.body).toMatchObject({
      officerId: officer.id,
      officerName: officer.username,
      liaisonId: liaison.id,
      liaisonName: liaison.username,
    });
    expect((await newGroup(commander, { officerId: pilot.id })).status).toBe(400);
    expect((await newGroup(commander, { liaisonId: officer.id })).status).toBe(400);
    const path = `/api/v1/tadpole/groups/${g.body.id}`;
    expect((await call(h, 'PATCH', path, { cookie: liaison.cookie, body: { officerId: pilot.id } })).status).toBe(400);
    const cleared = await call(h, 'PATCH', path, { cookie: liaison.cookie, body: { officerId: null } });
    expect(cleared.body).toMatchObject({ officerId: null, officerName: null });

    const people = await call(h, 'GET', '/api/v1/tadpole/group-people', { cookie: liaison.cookie });
    expect(people.status).toBe(200);
    expect((people.body.officers as { id: string }[]).map((p) => p.id)).toContain(officer.id);
    expect((people.body.officers as { id: string }[]).map((p) => p.id)).not.toContain(pilot.id);
    expect((people.body.liaisons as { id: string }[]).map((p) => p.id)).toContain(liaison.id);
  });

  it('an edit without credentials keeps the sealed ones untouched; they are never echoed', async () => {
    const liaison = await personFor(h, 'liaison');
    const key = `keep${Date.now()}abcd`;
    const g = await newGroup(liaison.cookie, { channel: 'wecom', credentials: { webhookUrl: wecomUrl(key) } });
    const sealed = async () =>
      (
        await h.database.query<{ c: string }>('select credentials_enc as c from community_groups where id = $1', [
          g.body.id,
        ])
      )[0]!.c;
    const before = await sealed();
    const edited = await call(h, 'PATCH', `/api/v1/tadpole/groups/${g.body.id}`, {
      cookie: liaison.cookie,
      body: { name: '改名', memberCount: 40, gridName: '东-2' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: '改名', hasCredentials: true, credentialsHint: g.body.credentialsHint });
    expect(await sealed()).toBe(before);
    for (const res of [g, edited]) expect(JSON.stringify(res.body)).not.toContain(key);
  });

  it('disables and enables again; a disabled group is listed only on request', async () => {
    const liaison = await personFor(h, 'liaison');
    const g = await newGroup(liaison.cookie);
    const path = `/api/v1/tadpole/groups/${g.body.id}`;
    expect((await call(h, 'DELETE', path, { cookie: liaison.cookie })).body.disabled).toBe(true);
    const ids = async (q: string) =>
      (
        (await call(h, 'GET', `/api/v1/tadpole/groups${q}`, { cookie: liaison.cookie })).body.groups as { id: string }[]
      ).map((x) => x.id);
    expect(await ids('')).not.toContain(g.body.id);
    expect(await ids('?includeDisabled=true')).toContain(g.body.id);
    expect((await call(h, 'PATCH', path, { cookie: liaison.cookie, body: { disabled: false } })).body.disabled).toBe(
      false,
    );
    expect(await ids('')).toContain(g.body.id);
  });
});

describe('bad input on the group routes', () => {
  it('wrong roles get 403 on every write and on the people list; nobody gets 401', async () => {
    const g = await newGroup(commander);
    const id = g.body.id as string;
    const writes: [string, string][] = [
      ['POST', '/api/v1/tadpole/groups'],
      ['PATCH', `/api/v1/tadpole/groups/${id}`],
      ['DELETE', `/api/v1/tadpole/groups/${id}`],
      ['POST', `/api/v1/tadpole/groups/${id}/test`],
      ['POST', '/api/v1/tadpole/groups/import'],
      ['GET', '/api/v1/tadpole/group-people'],
    ];
    for (const role of ['pilot', 'officer'] as const) {
      const cookie = await sessionFor(h, role);
      for (const [method, path] of writes) {
        const body = method === 'GET' || method === 'DELETE' ? undefined : {};
        expect({ role, method, path, status: (await call(h, method, path, { cookie, body })).status }).toMatchObject({
          status: 403,
        });
      }
    }
    for (const [method, path] of writes) expect((await call(h, method, path)).status).toBe(401);
  });

  it('NUL in a string and JSON nested too deep are 400 on create, change and test', async () => {
    const liaison = await personFor(h, 'liaison');
    const g = await newGroup(liaison.cookie);
    const raw = (method: string, path: string, text: string) =>
      fetch(`${h.base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', cookie: liaison.cookie },
        body: text,
      });
    const deep = `{"name":${'['.repeat(200)}${']'.repeat(200)}}`;
    for (const [method, path] of [
      ['POST', '/api/v1/tadpole/groups'],
      ['PATCH', `/api/v1/tadpole/groups/${g.body.id}`],
      ['POST', `/api/v1/tadpole/groups/${g.body.id}/test`],
    ] as const) {
      const nul = await raw(method, path, '{"name":"a\\u0000b","channel":"forward_kit"}');
      expect(nul.status).toBe(400);
      expect(((await nul.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('nul');
      const tooDeep = await raw(method, path, deep);
      expect(tooDeep.status).toBe(400);
      expect(((await tooDeep.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe(
        'json_depth',
      );
    }
    expect((await call(h, 'GET', `/api/v1/tadpole/groups/${g.body.id}`, { cookie: liaison.cookie })).body.name).toBe(
      '网格群',
    );
  });

  it('an oversize JSON body is 413', async () => {
    const res = await call(h, 'POST', '/api/v1/tadpole/groups', {
      cookie: commander,
      body: { name: 'x'.repeat(100 * 1024), channel: 'forward_kit', area: squareArea(freshSpot()) },
    });
    expect(res.status).toBe(413);
  });
});
