import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@lookout/contracts';
import { call, eastOf, IPP, openCase } from '../testing/case-factories.ts';
import { createTestUser, insertDrone, login, sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { liveClient } from '../testing/live-client.ts';
import { coverageFromNow } from './testing/coverage-from-now.ts';

/**
 * Live coverage: a pass of the coverage worker that adds ground to a case announces it (NOTIFY lookout_coverage,
 * throttled per case), and the server relays it as `coverage_changed` to the live sockets that may see the case.
 */

let h: Harness;
let commander: string;

beforeAll(async () => {
  h = await startHarness();
  commander = await sessionFor(h, 'commander');
  await coverageFromNow(h.database);
});
afterAll(async () => {
  await h?.close();
});

/** A case with a fresh drone its own fresh pilot flies for it (attached an hour ago); the pilot's session. */
async function flownCase(): Promise<{ caseId: string; droneId: string; pilot: string }> {
  const caseId = await openCase(h, commander);
  const account = await createTestUser(h.database, 'pilot');
  const pilot = await login(h.base, account.username, account.password);
  const drone = await insertDrone(h.database);
  const res = await call(h, 'POST', `/api/v1/cases/${caseId}/drones`, { cookie: pilot, body: { droneId: drone.id } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await h.database.query(`update case_drones set attached_at = now() - interval '1 hour' where case_id = $1`, [caseId]);
  return { caseId, droneId: drone.id, pilot };
}

let minute = 0;
/** Fixes 60 m up, east of the IPP, received 10 s ago (past the worker's settling time), each minute a new one. */
async function fly(droneId: string, n = 5): Promise<void> {
  const t0 = Date.now() - 50 * 60_000 + minute++ * 10_000;
  await h.database.query(
    `insert into fixes (drone_id, reading_id, t, geom, alt_rel, hdg, src, received_at)
     select $1, gen_random_uuid(), to_timestamp(($2::float8 + i * 500) / 1000),
            ST_SetSRID(ST_MakePoint($3::float8 + i * 0.0002, $4::float8), 4326), 60, 90, 'sim', now() - interval '10 seconds'
       from generate_series(0, $5::int - 1) as i`,
    [droneId, t0, eastOf(IPP, 200).lon, IPP.lat, n],
  );
}

/** A live socket past its snapshot, with a count of the `coverage_changed` events it got for a case. */
async function connect(cookie: string) {
  const client = await liveClient(h, cookie);
  await client.waitFor((m) => m.type === 'snapshot');
  return { ...client, coverageOf: (caseId: string) => client.messages.filter(coverageChanged(caseId)).length };
}

const coverageChanged = (caseId: string) => (m: ServerMessage) =>
  m.type === 'event' && m.event.kind === 'coverage_changed' && m.event.caseId === caseId;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live coverage', () => {
  it('tells the clients of the case at once when a pass adds to its coverage, and no one else', async () => {
    const a = await flownCase();
    const b = await flownCase();
    const pilotA = await connect(a.pilot);
    const pilotB = await connect(b.pilot);
    const boss = await connect(commander);

    await fly(a.droneId);
    const started = Date.now();
    const pass = await h.server.services.coverage.worker.drain();
    expect(pass.added).toBeGreaterThan(0);
    await pilotA.waitFor(coverageChanged(a.caseId), 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    await boss.waitFor(coverageChanged(a.caseId), 2000);
    // The other case's pilot hears nothing of it (the doorbell of the same pass has long reached him).
    await sleep(500);
    expect(pilotB.coverageOf(a.caseId)).toBe(0);
    expect(pilotA.coverageOf(b.caseId)).toBe(0);
    // What the event announces is there to read.
    const res = await call(h, 'GET', `/api/v1/cases/${a.caseId}/coverage`, { cookie: a.pilot });
    expect(res.status).toBe(200);
    expect(res.body.counted.fixes).toBeGreaterThan(0);
    for (const c of [pilotA, pilotB, boss]) c.close();
  });

  it('announces a case at most once every 3 s however many passes add to it, and the last change too', async () => {
    const a = await flownCase();
    const pilot = await connect(a.pilot);
    const first = Date.now();
    for (let i = 0; i < 8; i++) {
      await fly(a.droneId);
      expect((await h.server.services.coverage.worker.drain()).added).toBeGreaterThan(0);
      await sleep(200);
    }
    // The first pass at once, the seven after it within 3 s together when the gap ends.
    await pilot.waitFor(coverageChanged(a.caseId), 2000);
    await pilot.waitFor(() => pilot.coverageOf(a.caseId) >= 2, 6000);
    expect(Date.now() - first).toBeGreaterThanOrEqual(2900);
    await sleep(1000);
    expect(pilot.coverageOf(a.caseId)).toBe(2);
    pilot.close();
  });
});
