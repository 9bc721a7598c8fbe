import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testing/case-factories.ts';
import { sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { createAlert, lonelySpot } from '../testing/tadpole-fixtures.ts';

/**
 * A tadpole case's on-scene step (an officer with the found child, or at the place last seen) and where the
 * child is now: the clocks, the case, the timeline and the public card.
 */
let h: Harness;
let liaison: string;
let officer: string;
let dutyOfficer: string;
let commander: string;
let pilot: string;

beforeAll(async () => {
  h = await startHarness();
  [liaison, officer, dutyOfficer, commander, pilot] = await Promise.all([
    sessionFor(h, 'liaison'),
    sessionFor(h, 'officer'),
    sessionFor(h, ['officer', 'commander']),
    sessionFor(h, 'commander'),
    sessionFor(h, 'pilot'),
  ]);
});
afterAll(async () => {
  await h?.close();
});

const onScene = (id: string, cookie: string, body?: unknown) =>
  call(h, 'POST', `/api/v1/tadpole/alerts/${id}/on-scene`, { cookie, body: body ?? {} });
const careLocation = (id: string, cookie: string, body: unknown) =>
  call(h, 'PUT', `/api/v1/tadpole/alerts/${id}/care-location`, { cookie, body });

describe('the on-scene step of a tadpole case', () => {
  it('is recorded once, at the tap, and the clocks, the case and the timeline read it', async () => {
    const a = await createAlert(h, liaison, lonelySpot());
    const at = new Date(Date.now() - 90_000).toISOString();
    const first = await onScene(a.id, officer, { at, note: '孩子在花都路口便利店' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ onSceneAt: at, alreadyOnScene: false });
    const again = await onScene(a.id, dutyOfficer);
    expect(again.body).toMatchObject({ onSceneAt: at, alreadyOnScene: true });

    const clocks = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/clocks`, { cookie: liaison });
    expect(clocks.body.steps.find((s: { step: string }) => s.step === 'on_scene').at).toBe(at);
    const detail = await call(h, 'GET', `/api/v1/cases/${a.caseId}`, { cookie: dutyOfficer });
    expect(detail.status).toBe(200);
    expect(detail.body.case.times.on_scene).toBe(at);
    const events = await h.database.query<{ type: string }>(
      `select type from case_events where case_id = $1 and type = 'officer_on_scene'`,
      [a.caseId],
    );
    expect(events).toHaveLength(1);
  });

  it('refuses a liaison or a pilot alone (403), a tap from the future or a day old (400), an unknown alert (404)', async () => {
    const a = await createAlert(h, liaison, lonelySpot());
    expect((await onScene(a.id, liaison)).status).toBe(403);
    expect((await onScene(a.id, pilot)).status).toBe(403);
    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    expect((await onScene(a.id, officer, { at: future })).status).toBe(400);
    const old = new Date(Date.now() - 2 * 86_400_000).toISOString();
    expect((await onScene(a.id, officer, { at: old })).status).toBe(400);
    expect((await onScene(a.id, officer, { at: 'yesterday' })).status).toBe(400);
    expect((await onScene(a.id, officer, { note: 'x'.repeat(501) })).status).toBe(400);
    expect((await onScene('00000000-0000-4000-8000-00000000dead', officer)).status).toBe(404);
    expect((await onScene('not-a-uuid', officer)).status).toBe(400);
  });
});

describe('where the child is now', () => {
  it('is set by a liaison or staff, shown to staff, in the timeline, and never on the public card', async () => {
    const a = await createAlert(h, liaison, lonelySpot());
    const set = await careLocation(a.id, liaison, { careLocation: '  城西派出所值班室 ' });
    expect(set.status).toBe(200);
    expect(set.body.alert.careLocation).toBe('城西派出所值班室');
    const detail = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}`, { cookie: commander });
    expect(detail.body.alert.careLocation).toBe('城西派出所值班室');
    const [event] = await h.database.query<{ data: { careLocation: string } }>(
      `select data from case_events where case_id = $1 and type = 'care_location_set'`,
      [a.caseId],
    );
    expect(event?.data.careLocation).toBe('城西派出所值班室');
    expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer })).status).toBe(200);
    const card = await fetch(`${h.base}/api/v1/public/alerts/${encodeURIComponent(a.token)}`);
    expect(card.status).toBe(200);
    const text = JSON.stringify(await card.json());
    expect(text).toContain('花都路');
    expect(text).not.toContain('城西派出所值班室');

    expect((await careLocation(a.id, officer, { careLocation: null })).body.alert.careLocation).toBeNull();
  });

  it('refuses a pilot (403), an empty, oversize, NUL-bearing or wrongly typed value (400)', async () => {
    const a = await createAlert(h, liaison, lonelySpot());
    expect((await careLocation(a.id, pilot, { careLocation: '值班室' })).status).toBe(403);
    for (const careLocation of ['', '   ', 'x'.repeat(201), 42, ['值班室']]) {
      const r = await call(h, 'PUT', `/api/v1/tadpole/alerts/${a.id}/care-location`, {
        cookie: officer,
        body: { careLocation },
      });
      expect({ careLocation, status: r.status }).toEqual({ careLocation, status: 400 });
    }
    expect((await careLocation(a.id, officer, { careLocation: '值班\u0000室' })).status).toBe(400);
    expect((await careLocation(a.id, officer, {})).status).toBe(400);
  });
});
