import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVendorReceiver, type VendorReceiver } from '../notify/channels/testing/vendor-receiver.ts';
import { newLinkToken } from '../public-links/link-token.ts';
import { call, IPP, openCase } from '../testing/case-factories.ts';
import { METRICS_TOKEN, sessionFor, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
let rx: VendorReceiver;
const pageDir = mkdtempSync(path.join(tmpdir(), 'lookout-team-page-'));
const pageFile = path.join(pageDir, 'index.html');
writeFileSync(pageFile, '<!doctype html><title>队伍引导</title>');

beforeAll(async () => {
  rx = await startVendorReceiver();
  h = await startHarness({
    env: { SMS_GATEWAY_URL: rx.smsUrl },
    teamPageFile: pageFile,
    teamLinkLimits: { perLink: 12, perIp: 1000 },
  });
});
afterAll(async () => {
  await h?.close();
  await rx?.close();
});

const teamBody = (extra: Record<string, unknown> = {}) => ({
  callsign: `蓝天-${randomUUID().slice(0, 6)}`,
  agency: '蓝天救援队',
  phone: '139 1234 5678',
  members: 6,
  ...extra,
});

/** A commander, an open case, an outside team dispatched to a point near the IPP, and its link. */
async function dispatchedTeam() {
  const cookie = await sessionFor(h, 'commander');
  const caseId = await openCase(h, cookie);
  const team = await call(h, 'POST', '/api/v1/units', { cookie, body: teamBody() });
  expect(team.status).toBe(201);
  const res = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
    cookie,
    body: { unitId: team.body.id, target: { kind: 'point', lon: IPP.lon + 0.01, lat: IPP.lat, datum: 'wgs84' } },
  });
  expect(res.status).toBe(201);
  const url = res.body.teamLink.url as string;
  return { cookie, caseId, unitId: team.body.id as string, res, token: url.split('/u/')[1]!, link: res.body.teamLink };
}

const step = (token: string, status: string, key: string = randomUUID()) =>
  call(h, 'POST', `/api/v1/public/team/${token}/status`, { body: { status, idempotencyKey: key } });
const fix = (extra: Record<string, unknown> = {}) => ({
  lon: IPP.lon + 0.002,
  lat: IPP.lat + 0.001,
  accuracy: 12,
  t: new Date().toISOString(),
  idempotencyKey: randomUUID(),
  ...extra,
});

describe('POST /units (an outside team)', () => {
  it('creates a unit without an account, listed with its agency and its phone masked', async () => {
    const cookie = await sessionFor(h, 'commander');
    const body = teamBody();
    const res = await call(h, 'POST', '/api/v1/units', { cookie, body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ callsign: body.callsign, agency: '蓝天救援队', userId: null, members: 6 });
    expect(res.body.phoneMasked).toBe('139****5678');
    const list = await call(h, 'GET', '/api/v1/units', { cookie });
    const listed = list.body.units.find((u: { id: string }) => u.id === res.body.id);
    expect(listed).toMatchObject({ agency: '蓝天救援队', phoneMasked: '139****5678', userId: null });
    expect(JSON.stringify(list.body)).not.toContain('13912345678');
  });

  it('refuses an officer and a pilot (403) and a visitor without a session (401)', async () => {
    for (const role of ['officer', 'pilot', 'liaison'] as const) {
      const res = await call(h, 'POST', '/api/v1/units', { cookie: await sessionFor(h, role), body: teamBody() });
      expect(res.status).toBe(403);
    }
    expect((await call(h, 'POST', '/api/v1/units', { body: teamBody() })).status).toBe(401);
  });

  it.each([
    ['no agency', { agency: undefined }],
    ['a bad phone number', { phone: 'call me' }],
    ['an empty callsign', { callsign: '  ' }],
    ['zero members', { members: 0 }],
    ['a NUL in the callsign', { callsign: 'a\u0000b' }],
  ])('answers 400 for %s', async (_name, extra) => {
    const cookie = await sessionFor(h, 'commander');
    const res = await call(h, 'POST', '/api/v1/units', { cookie, body: teamBody(extra) });
    expect(res.status).toBe(400);
  });

  it('answers 400 for JSON nested too deep and 413 for an oversized body', async () => {
    const cookie = await sessionFor(h, 'commander');
    const deep = `{"callsign":${'['.repeat(200)}${']'.repeat(200)}}`;
    const res = await fetch(`${h.base}/api/v1/units`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: deep,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { details: { reason: string } } }).error.details.reason).toBe('json_depth');
    const big = await call(h, 'POST', '/api/v1/units', { cookie, body: teamBody({ agency: 'x'.repeat(70_000) }) });
    expect(big.status).toBe(413);
  });
});

describe('dispatching an outside team', () => {
  it('gives a link with a 256-bit token and a QR code, sends it by SMS through the gateway and logs it masked', async () => {
    const { token, link, caseId, cookie } = await dispatchedTeam();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.url).toBe(`${h.base}/u/${token}`);
    expect(link.qrSvg).toMatch(/^<svg/);
    expect(link.sms).toEqual({ sent: true, note: null, error: null });
    const sms = rx.log.find((r) => r.channel === 'sms' && r.body.ref === `team-link-${link.id}`);
    expect(sms?.body.to).toEqual(['13912345678']);
    expect(String(sms?.body.text)).toContain(link.url);
    const [row] = await h.database.query<{ token_hash: string }>('select token_hash from team_links where id = $1', [
      link.id,
    ]);
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.token_hash).not.toContain(token);
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie });
    const created = detail.body.events.find((e: { type: string }) => e.type === 'team_link_created');
    expect(created.data).toMatchObject({ linkId: link.id, phone: '139****5678', smsSent: true });
  });

  it('says so when the gateway cannot be reached, and still gives the link', async () => {
    const down = await startHarness({ database: h.database, env: { SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms/send' } });
    try {
      const cookie = await sessionFor(down, 'commander');
      const caseId = await openCase(down, cookie);
      const team = await call(down, 'POST', '/api/v1/units', { cookie, body: teamBody() });
      const res = await call(down, 'POST', `/api/v1/cases/${caseId}/assignments`, {
        cookie,
        body: { unitId: team.body.id, target: { kind: 'point', lon: IPP.lon, lat: IPP.lat, datum: 'wgs84' } },
      });
      expect(res.status).toBe(201);
      expect(res.body.teamLink.sms.sent).toBe(false);
      expect(res.body.teamLink.sms.error).toBeTruthy();
      expect(res.body.teamLink.url).toMatch(/\/u\/[A-Za-z0-9_-]{43}$/);
    } finally {
      await down.close();
    }
  });

  it('gives an officer no team link', async () => {
    const cookie = await sessionFor(h, 'commander');
    const caseId = await openCase(h, cookie);
    const officer = await sessionFor(h, 'officer');
    const me = await call(h, 'GET', '/api/v1/me/assignment', { cookie: officer });
    const res = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
      cookie,
      body: { unitId: me.body.unit.id, target: { kind: 'point', lon: IPP.lon, lat: IPP.lat, datum: 'wgs84' } },
    });
    expect(res.status).toBe(201);
    expect(res.body.teamLink).toBeUndefined();
  });
});

describe('the team page API', () => {
  it('shows the target and the case in outline, nothing personal, and records the opening once', async () => {
    const { token, caseId, cookie } = await dispatchedTeam();
    for (let i = 0; i < 2; i++) {
      const res = await call(h, 'GET', `/api/v1/public/team/${token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).toMatchObject({
        unit: { agency: '蓝天救援队' },
        case: { kind: 'lost_person', subjectCount: 3, subjectCategory: 'hiker' },
        assignment: { status: 'dispatched', target: { lon: IPP.lon + 0.01, lat: IPP.lat } },
      });
      expect(res.body.case.title).toBeUndefined();
      expect(JSON.stringify(res.body)).not.toMatch(/1391234|test /);
    }
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie });
    expect(detail.body.events.filter((e: { type: string }) => e.type === 'team_link_opened')).toHaveLength(1);
  });

  it('takes 出发 → 到达 → 找到 as the assignment steps, case events the clocks count', async () => {
    const { token, caseId, cookie, link } = await dispatchedTeam();
    const key = randomUUID();
    expect((await step(token, 'en_route', key)).body.status).toBe('en_route');
    expect((await step(token, 'en_route', key)).status).toBe(200);
    expect((await step(token, 'on_scene')).body.status).toBe('on_scene');
    expect((await step(token, 'found')).body.status).toBe('found');
    const detail = await call(h, 'GET', `/api/v1/cases/${caseId}`, { cookie });
    const types = detail.body.events.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'unit_en_route')).toHaveLength(1);
    expect(types).toEqual(expect.arrayContaining(['unit_dispatched', 'unit_on_scene', 'person_found']));
    const onScene = detail.body.events.find((e: { type: string }) => e.type === 'unit_on_scene');
    expect(onScene.actorId).toBeNull();
    expect(onScene.data.teamLinkId).toBe(link.id);
    expect(detail.body.case.times.dispatched).not.toBeNull();
    expect(detail.body.case.times.on_scene).not.toBeNull();
    expect(detail.body.case.times.reunion).not.toBeNull();
  });

  it('refuses a step backwards (409) and takes 撤回 from a live assignment', async () => {
    const { token } = await dispatchedTeam();
    expect((await step(token, 'on_scene')).status).toBe(200);
    expect((await step(token, 'en_route')).status).toBe(409);
    expect((await step(token, 'stood_down')).body.status).toBe('stood_down');
  });

  it('stores positions once per idempotency key, as the unit’s positions the map shows', async () => {
    const { token, unitId, cookie } = await dispatchedTeam();
    const body = { positions: [fix(), fix({ lon: IPP.lon + 0.003 })] };
    const first = await call(h, 'POST', `/api/v1/public/team/${token}/positions`, { body });
    expect(first.body).toEqual({ stored: 2, duplicates: 0 });
    const again = await call(h, 'POST', `/api/v1/public/team/${token}/positions`, { body });
    expect(again.body).toEqual({ stored: 2, duplicates: 2 });
    const rows = await h.database.query('select id from unit_positions where unit_id = $1', [unitId]);
    expect(rows).toHaveLength(2);
    const list = await call(h, 'GET', '/api/v1/units', { cookie });
    const unit = list.body.units.find((u: { id: string }) => u.id === unitId);
    expect(unit.position).not.toBeNull();
    expect(unit.assignment.status).toBe('dispatched');
  });

  it.each([
    ['a latitude out of range', { lat: 91 }],
    ['no idempotency key', { idempotencyKey: undefined }],
    ['coordinates as strings', { lat: '28.9' }],
    ['a time a day ahead', { t: new Date(Date.now() + 86_400_000).toISOString() }],
  ])('answers 400 for a position with %s', async (_name, extra) => {
    const { token } = await dispatchedTeam();
    const res = await call(h, 'POST', `/api/v1/public/team/${token}/positions`, { body: { positions: [fix(extra)] } });
    expect(res.status).toBe(400);
  });

  it('answers 400 for a NUL, JSON nested too deep, or an unknown status', async () => {
    const { token } = await dispatchedTeam();
    expect((await step(token, 'en_route', 'key\u0000x')).status).toBe(400);
    expect((await step(token, 'dispatched')).status).toBe(400);
    const deep = await fetch(`${h.base}/api/v1/public/team/${token}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"status":${'['.repeat(200)}${']'.repeat(200)}}`,
    });
    expect(deep.status).toBe(400);
  });

  it('answers 404 for a forged or malformed token', async () => {
    for (const token of [newLinkToken(), 'short', `${'a'.repeat(42)}%2F`]) {
      expect((await call(h, 'GET', `/api/v1/public/team/${token}`)).status).toBe(404);
      expect((await step(token, 'en_route')).status).toBe(404);
    }
  });

  it('answers 410 for an expired link', async () => {
    const { token, link } = await dispatchedTeam();
    await h.database.query(`update team_links set expires_at = now() - interval '1 minute' where id = $1`, [link.id]);
    const res = await call(h, 'GET', `/api/v1/public/team/${token}`);
    expect(res.status).toBe(410);
    expect(res.body.error.details).toEqual({ reason: 'expired' });
  });

  it('answers 410 for a revoked link; a re-issued link works and the old one stays revoked', async () => {
    const { token, link, cookie, res } = await dispatchedTeam();
    expect((await call(h, 'POST', `/api/v1/team-links/${link.id}/revoke`, { cookie })).status).toBe(200);
    const gone = await step(token, 'en_route');
    expect(gone.status).toBe(410);
    expect(gone.body.error.details).toEqual({ reason: 'revoked' });
    const again = await call(h, 'POST', `/api/v1/assignments/${res.body.id}/team-link`, { cookie });
    expect(again.status).toBe(201);
    const fresh = (again.body.url as string).split('/u/')[1]!;
    expect((await step(fresh, 'en_route')).status).toBe(200);
    expect((await call(h, 'GET', `/api/v1/public/team/${token}`)).status).toBe(410);
  });

  it('rate-limits a flood from one link (429 with retry-after) and counts it', async () => {
    const { token } = await dispatchedTeam();
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await call(h, 'GET', `/api/v1/public/team/${token}`)).status);
    expect(statuses.slice(0, 12).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(12)).toEqual([429, 429]);
    const last = await call(h, 'GET', `/api/v1/public/team/${token}`);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    const metrics = await (
      await fetch(`${h.base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/lookout_team_link_rate_limited_total\{scope="link"\} [3-9]/);
  });

  it('writes every page write to the audit log without the token', async () => {
    const { token, link } = await dispatchedTeam();
    expect((await step(token, 'en_route')).status).toBe(200);
    await expect
      .poll(async () => {
        const rows = await h.database.query<{ detail: unknown }>(
          `select detail from audit_log where action = 'POST /api/v1/public/team/:token/status' order by id desc limit 5`,
        );
        return rows.map((r) => JSON.stringify(r.detail));
      })
      .toEqual(expect.arrayContaining([expect.stringContaining('"status":200')]));
    const all = await h.database.query<{ detail: unknown }>('select detail from audit_log');
    expect(JSON.stringify(all)).not.toContain(token);
    expect(link.id).toBeTruthy();
  });
});

describe('command routes of team links', () => {
  it('refuse an officer and a pilot (403), and an unknown link (404)', async () => {
    const { link, res } = await dispatchedTeam();
    for (const role of ['officer', 'pilot'] as const) {
      const cookie = await sessionFor(h, role);
      expect((await call(h, 'POST', `/api/v1/team-links/${link.id}/revoke`, { cookie })).status).toBe(403);
      expect((await call(h, 'POST', `/api/v1/assignments/${res.body.id}/team-link`, { cookie })).status).toBe(403);
    }
    const commander = await sessionFor(h, 'commander');
    const unknown = await call(h, 'POST', `/api/v1/team-links/${randomUUID()}/revoke`, { cookie: commander });
    expect(unknown.status).toBe(404);
  });

  it('refuse a pilot dispatching a team to a case his drone is not attached to', async () => {
    const cookie = await sessionFor(h, 'commander');
    const caseId = await openCase(h, cookie);
    const team = await call(h, 'POST', '/api/v1/units', { cookie, body: teamBody() });
    const res = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
      cookie: await sessionFor(h, 'pilot'),
      body: { unitId: team.body.id, target: { kind: 'point', lon: IPP.lon, lat: IPP.lat, datum: 'wgs84' } },
    });
    expect([403, 404]).toContain(res.status);
    const links = await h.database.query('select id from team_links where unit_id = $1', [team.body.id]);
    expect(links).toHaveLength(0);
  });

  it('refuse a re-issue for an officer’s assignment (409)', async () => {
    const cookie = await sessionFor(h, 'commander');
    const caseId = await openCase(h, cookie);
    const me = await call(h, 'GET', '/api/v1/me/assignment', { cookie: await sessionFor(h, 'officer') });
    const a = await call(h, 'POST', `/api/v1/cases/${caseId}/assignments`, {
      cookie,
      body: { unitId: me.body.unit.id, target: { kind: 'point', lon: IPP.lon, lat: IPP.lat, datum: 'wgs84' } },
    });
    expect((await call(h, 'POST', `/api/v1/assignments/${a.body.id}/team-link`, { cookie })).status).toBe(409);
  });
});

describe('GET /u/:token', () => {
  it('serves the team page uncached for any token', async () => {
    const res = await fetch(`${h.base}/u/${newLinkToken()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain('队伍引导');
  });
});
