import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { insertDrone, insertFix, insertSighting, sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { serverMessage, type ServerMessage } from '@lookout/contracts';

let h: Harness;
let cookie: string;
beforeAll(async () => {
  h = await startHarness();
  cookie = await sessionFor(h, 'commander');
});
afterAll(async () => {
  await h?.close();
});

interface Client {
  ws: WebSocket;
  messages: ServerMessage[];
  /** Resolves with the first message (already received or to come) that matches. */
  waitFor<T extends ServerMessage>(pred: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  waitFor(pred: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  close(): Promise<void>;
}

async function connect(after: number | null): Promise<Client> {
  const ws = new WebSocket(`${h.base.replace('http', 'ws')}/api/v1/live`, { headers: { cookie } });
  const messages: ServerMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    messages.push(serverMessage.parse(JSON.parse(String(data))));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'resume', after }));
  const waitFor = (pred: (m: ServerMessage) => boolean, timeoutMs = 10_000) =>
    new Promise<ServerMessage>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out; got ${JSON.stringify(messages).slice(0, 2000)}`)),
        timeoutMs,
      );
      const check = () => {
        const m = messages.find(pred);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        } else waiters.push(check);
      };
      check();
    });
  return {
    ws,
    messages,
    waitFor: waitFor as Client['waitFor'],
    close: () =>
      new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      }),
  };
}

const isSnapshot = (m: ServerMessage): m is Extract<ServerMessage, { type: 'snapshot' }> => m.type === 'snapshot';
const sightingEvent =
  (id: number, status?: string) =>
  (m: ServerMessage): m is Extract<ServerMessage, { type: 'event' }> =>
    m.type === 'event' &&
    m.event.kind === 'sighting' &&
    m.event.sighting.properties.id === id &&
    (!status || m.event.sighting.properties.status === status);
const positionOf = (droneId: string) => (m: ServerMessage) =>
  m.type === 'positions' && m.positions.some((p) => p.droneId === droneId);

describe('live socket', () => {
  it('refuses an upgrade without a session with 401', async () => {
    const ws = new WebSocket(`${h.base.replace('http', 'ws')}/api/v1/live`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('refuses a page from another origin with 403', async () => {
    const ws = new WebSocket(`${h.base.replace('http', 'ws')}/api/v1/live`, {
      headers: { cookie, origin: 'http://evil.example' },
    });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  it('sends a snapshot with drones and sightings to a fresh client', async () => {
    const d = await insertDrone(h.database);
    await insertFix(h.database, d.id, { t: new Date(), lon: 120.01, lat: 28.9 });
    const s = await insertSighting(h.database, d.id);
    const c = await connect(null);
    const snap = await c.waitFor(isSnapshot);
    expect(snap.seq).toBeGreaterThan(0);
    expect(snap.drones.find((x) => x.id === d.id)?.latest).toMatchObject({ lon: 120.01, lat: 28.9 });
    expect(snap.sightings.type).toBe('FeatureCollection');
    expect(snap.sightings.features.some((f) => f.properties.id === s.id)).toBe(true);
    await c.close();
  });

  it('streams new positions and sightings', async () => {
    const c = await connect(null);
    await c.waitFor(isSnapshot);
    const d = await insertDrone(h.database);
    const seq = await insertFix(h.database, d.id, { t: new Date(), lon: 120.02, lat: 28.95, bat: 50 });
    const m = await c.waitFor(positionOf(d.id));
    expect(m.type === 'positions' && m.positions.find((p) => p.droneId === d.id)).toMatchObject({
      seq,
      lon: 120.02,
      lat: 28.95,
      bat: 50,
    });
    const s = await insertSighting(h.database, d.id);
    const e = await c.waitFor(sightingEvent(s.id));
    expect(e.seq).toBe(s.seq);
    await c.close();
  });

  it('shows a sighting status change made over HTTP', async () => {
    const d = await insertDrone(h.database);
    const s = await insertSighting(h.database, d.id);
    const c = await connect(null);
    await c.waitFor(isSnapshot);
    const res = await fetch(`${h.base}/api/v1/sightings/${s.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ status: 'confirmed' }),
    });
    expect(res.status).toBe(200);
    const e = await c.waitFor(sightingEvent(s.id, 'confirmed'));
    expect(e.seq).toBeGreaterThan(s.seq);
    await c.close();
  });

  it('replays what a client missed when it resumes after a seq', async () => {
    const first = await connect(null);
    const snap = await first.waitFor(isSnapshot);
    await first.close();

    const d = await insertDrone(h.database);
    await insertFix(h.database, d.id, { t: new Date(), lon: 120.03, lat: 28.91 });
    const missed = await insertSighting(h.database, d.id);
    const old = await insertSighting(h.database, d.id);
    await h.database.query(`update sightings set status = 'dismissed', live_seq = nextval('live_seq') where id = $1`, [
      old.id,
    ]);

    const again = await connect(snap.seq);
    await again.waitFor(sightingEvent(missed.id));
    await again.waitFor(sightingEvent(old.id, 'dismissed'));
    await again.waitFor(positionOf(d.id));
    expect(again.messages.some(isSnapshot)).toBe(false);
    await again.close();
  });

  it('catches up instead of sending a snapshot when a client saw a seq this server has not read yet', async () => {
    const d = await insertDrone(h.database);
    // Written without the doorbell: only a read prompted by the resume finds it.
    const [row] = await h.database.query<{ id: number }>(
      `insert into fixes (drone_id, reading_id, t, geom) values ($1, gen_random_uuid(), now(), ST_SetSRID(ST_MakePoint(120, 28.9), 4326)) returning id`,
      [d.id],
    );
    const c = await connect(Number(row!.id));
    await c
      .waitFor((m) => m.type === 'ping' || m.type === 'positions' || m.type === 'snapshot' || m.type === 'event', 3000)
      .catch(() => undefined);
    expect(c.messages.some(isSnapshot)).toBe(false);
    await c.close();
  });

  it('sends a snapshot when the client resumes from a seq this database never had', async () => {
    const c = await connect(Number.MAX_SAFE_INTEGER);
    await c.waitFor(isSnapshot);
    await c.close();
  });

  it('delivers a row that commits below the cursor (late commit)', async () => {
    const c = await connect(null);
    await c.waitFor(isSnapshot);
    const a = await insertDrone(h.database);
    const b = await insertDrone(h.database);
    // A writer takes a seq, another commits a higher one first, then the first commits.
    const [{ seq: reserved }] = (await h.database.query<{ seq: number }>(`select nextval('live_seq') as seq`)) as [
      { seq: number },
    ];
    await insertFix(h.database, b.id, { t: new Date(), lon: 120, lat: 28.9 });
    await c.waitFor(positionOf(b.id));
    await h.database.query(
      `insert into fixes (id, drone_id, reading_id, t, geom) values ($1, $2, gen_random_uuid(), now(), ST_SetSRID(ST_MakePoint(120.1, 28.8), 4326))`,
      [Number(reserved), a.id],
    );
    await h.database.notify('lookout_live', '{}');
    const m = await c.waitFor(positionOf(a.id));
    expect(m.type === 'positions' && m.positions.find((p) => p.droneId === a.id)?.seq).toBe(Number(reserved));
    await c.close();
  });

  it('answers an unknown message with an error and stays open', async () => {
    const c = await connect(null);
    await c.waitFor(isSnapshot);
    c.ws.send('{"type":"dance"}');
    await c.waitFor((m) => m.type === 'error');
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    await c.close();
  });
});
