import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { eventually } from '../testing/live-client.ts';

// Every test here signs in from 127.0.0.1: on a shared database, an address lock would lock out other test files.
const NO_ADDRESS_LOCK = { LOGIN_ADDR_DAILY_FAILURES: '10000000' };
let h: Harness;
let admin: string;
let commander: string;
beforeAll(async () => {
  h = await startHarness({ env: NO_ADDRESS_LOCK });
  admin = await sessionFor(h, 'admin');
  commander = await sessionFor(h, 'commander');
});
afterAll(async () => {
  await h?.close();
});

interface Entry {
  id: number;
  action: string;
  actorName: string | null;
  targetId: string | null;
  remoteAddr: string | null;
  detail: Record<string, unknown>;
}
const audit = async (query: string, cookie = admin) => {
  const res = await fetch(`${h.base}/api/v1/audit?${query}`, { headers: { cookie } });
  return { status: res.status, body: (await res.json()) as { entries: Entry[]; next: number | null } };
};
const commanderName = async () =>
  (
    (await (await fetch(`${h.base}/api/v1/auth/me`, { headers: { cookie: commander } })).json()) as {
      user: { username: string };
    }
  ).user.username;

describe('the audit trail', () => {
  it('records a write: who, what route, status, target, from where', async () => {
    const res = await fetch(`${h.base}/api/v1/cases`, {
      method: 'POST',
      headers: { cookie: commander, 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'lost_person',
        title: 'audit test',
        subjectCategory: 'hiker',
        reporterPhone: '13800138000',
      }),
    });
    expect(res.status).toBe(201);
    const name = await commanderName();
    const entry = await eventually(async () =>
      (await audit(`actor=${name}&action=POST%20/api/v1/cases`)).body.entries.find(Boolean),
    );
    expect(entry).toMatchObject({ action: 'POST /api/v1/cases', actorName: name, detail: { status: 201 } });
    expect(entry.remoteAddr).toMatch(/127\.0\.0\.1/);
  });

  it("records a read of a caller's phone number, not of a case without one", async () => {
    const open = async (phone?: string) =>
      (
        (await (
          await fetch(`${h.base}/api/v1/cases`, {
            method: 'POST',
            headers: { cookie: commander, 'content-type': 'application/json' },
            body: JSON.stringify({
              kind: 'lost_person',
              title: 'phone',
              subjectCategory: 'hiker',
              ...(phone ? { reporterPhone: phone } : {}),
            }),
          })
        ).json()) as { case: { id: string } }
      ).case.id;
    const withPhone = await open('13900139000');
    const without = await open();
    for (const id of [withPhone, without])
      expect((await fetch(`${h.base}/api/v1/cases/${id}`, { headers: { cookie: commander } })).status).toBe(200);
    const reads = await eventually(async () => {
      const e = (await audit('action=caller_phone_read&limit=500')).body.entries;
      return e.some((x) => x.targetId === withPhone) ? e : undefined;
    });
    expect(reads.some((x) => x.targetId === without)).toBe(false);
  });

  it('pages newest first with a cursor', async () => {
    const first = await audit('limit=2');
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.entries[0]!.id).toBeGreaterThan(first.body.entries[1]!.id);
    const second = await audit(`limit=2&before=${first.body.next}`);
    expect(second.body.entries[0]!.id).toBeLessThan(first.body.entries[1]!.id);
  });

  it('answers bad filters with 400 and other roles with 403', async () => {
    expect((await audit('from=yesterday')).status).toBe(400);
    expect((await audit('limit=100000')).status).toBe(400);
    expect((await audit('', commander)).status).toBe(403);
  });
});

describe('CSV export', () => {
  it('defuses spreadsheet formulas from stored text (a route id, a locked username)', async () => {
    // A commander's request with a formula for an id: its target id is stored as given.
    const evil = '=HYPERLINK("http://evil.example","x")';
    await fetch(`${h.base}/api/v1/cases/${encodeURIComponent(evil)}/close`, {
      method: 'POST',
      headers: { cookie: commander, 'content-type': 'application/json' },
      body: '{}',
    });
    for (let i = 0; i < 5; i++)
      await fetch(`${h.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: '@SUM(1+1)', password: 'x' }),
      });
    await eventually(async () => (await audit('action=POST%20/api/v1/cases/:id/close')).body.entries.find(Boolean));
    const res = await fetch(`${h.base}/api/v1/audit.csv`, { headers: { cookie: admin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await res.text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain(",'@sum(1+1),");
    // No cell begins with a formula character.
    const cells = csv.split(/\r\n/).flatMap((line) => line.split(','));
    expect(cells.filter((c) => /^"?[=+\-@\t\r]/.test(c))).toEqual([]);
    expect((await fetch(`${h.base}/api/v1/audit.csv`, { headers: { cookie: commander } })).status).toBe(403);
  });
});
