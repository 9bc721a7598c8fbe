import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../testing/case-factories.ts';
import { sessionFor, startHarness, type Harness } from '../testing/harness.ts';
import { RETRACTION_TEXT } from './cap/cap-content.ts';
import { createAlert, groupAt, lonelySpot, offset } from './testing/tadpole-fixtures.ts';

/**
 * The found-child story end to end through HTTP: create → verify (CAP Alert queued to the groups in the area, SMS
 * written by the delivery worker) → public card → tips → guardian verification → handover → retraction (Cancel,
 * card blurred) → purge of the card and of the case file (a moved clock), keeping the anonymised outcome.
 */
let h: Harness;
let clock = Date.now();
const dir = mkdtempSync(path.join(tmpdir(), 'tadpole-flow-'));
const smsFile = path.join(dir, 'sms.jsonl');
let liaison: string;
let officer: string;
let commander: string;

beforeAll(async () => {
  h = await startHarness({
    tadpole: {
      now: () => new Date(clock),
      delivery: { smsSinkFile: smsFile, worker: { idlePollMs: 100 } },
    },
  });
  [liaison, officer, commander] = await Promise.all([
    sessionFor(h, 'liaison'),
    sessionFor(h, 'officer'),
    sessionFor(h, 'commander'),
  ]);
  h.server.services.tadpole.worker.start();
});

afterAll(async () => {
  await h.server.services.tadpole.worker.stop();
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

async function waitFor<T>(what: string, f: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('tadpole found-child flow', () => {
  it('goes from report to purge', async () => {
    const at = lonelySpot();
    const nearKit = await groupAt(h, offset(at, 300), { name: '花都路一网格', members: 120 });
    const nearSms = await groupAt(h, offset(at, -400), { name: '联络员名单', channel: 'sms', members: 8 });
    const far = await groupAt(h, offset(at, 20_000), { name: '远处网格' });

    const a = await createAlert(h, liaison, at);
    expect(a.publicUrl).toMatch(/\/t\/[A-Za-z0-9_-]{43}$/);
    // A draft is not public.
    expect((await call(h, 'GET', `/api/v1/public/alerts/${a.token}`)).status).toBe(404);
    // Liaisons report; the police verify.
    expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: liaison })).status).toBe(403);

    const verified = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer });
    expect(verified.status).toBe(200);
    expect(verified.body.alert.status).toBe('active');
    expect(verified.body.capMessage).toMatchObject({ msgType: 'Alert', references: null, radiusM: 700 });
    expect(verified.body.queued).toBe(2);
    expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer })).status).toBe(409);

    const rows = await h.database.query<{ group_id: string }>('select group_id from deliveries where alert_id = $1', [
      a.id,
    ]);
    expect(rows.map((r) => r.group_id).sort()).toEqual([nearKit, nearSms].sort());
    expect(rows.map((r) => r.group_id)).not.toContain(far);

    // The SMS goes out through the labelled file sink with the card link.
    const sms = await waitFor('the SMS', async () => {
      try {
        const text = readFileSync(smsFile, 'utf8');
        return text.includes(a.token) ? text : undefined;
      } catch {
        return undefined;
      }
    });
    expect(sms).toContain('13800000000');

    // The public card: the public tier only.
    const card = await call(h, 'GET', `/api/v1/public/alerts/${a.token}`);
    expect(card.status).toBe(200);
    expect(card.body.card).toMatchObject({
      kind: 'found_child',
      ageText: '约1–3岁',
      clothing: '蓝色上衣，黑色裤子',
      acceptingTips: true,
    });
    expect(JSON.stringify(card.body)).not.toMatch(/小明|王女士|330784/);

    // A tip with a GCJ-02 pin, then its retry with the same key.
    const tipBody = {
      idempotencyKey: 'tip-key-0001',
      text: '看到一位妈妈在花都路公交站找孩子',
      location: { source: 'pin', ...offset(at, 50), datum: 'gcj02' },
      phone: '139 0000 0000',
    };
    const tip = await call(h, 'POST', `/api/v1/public/alerts/${a.token}/tips`, { body: tipBody });
    expect(tip.status).toBe(201);
    const again = await call(h, 'POST', `/api/v1/public/alerts/${a.token}/tips`, { body: tipBody });
    expect(again.status).toBe(200);
    expect(again.body.tip.id).toBe(tip.body.tip.id);
    const tips = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/tips`, { cookie: liaison });
    expect(tips.body.tips).toHaveLength(1);
    expect(tips.body.tips[0].phone).toBe('13900000000');
    // GCJ-02 → WGS-84 moves a point in China by a few hundred metres; the stored point is not the typed one.
    expect(tips.body.tips[0].location.lon).not.toBeCloseTo(offset(at, 50).lon, 6);
    const marked = await call(h, 'POST', `/api/v1/tadpole/tips/${tip.body.tip.id}/mark`, {
      cookie: officer,
      body: { useful: true },
    });
    expect(marked.body.tip.useful).toBe(true);

    // Handover waits for the guardian's verification.
    const early = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/handover`, { cookie: officer, body: {} });
    expect(early.status).toBe(409);
    expect(early.body.error.details.reason).toBe('guardian_not_verified');
    const none = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/guardian-verification`, {
      cookie: officer,
      body: { methods: [] },
    });
    expect(none.status).toBe(400);
    const gv = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/guardian-verification`, {
      cookie: officer,
      body: { methods: ['id_checked', 'photo_match'], relation: '母亲', note: '身份证核对一致' },
    });
    expect(gv.status).toBe(200);
    expect(gv.body.verification.methods).toEqual(['id_checked', 'photo_match']);
    const handed = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/handover`, { cookie: officer, body: {} });
    expect(handed.status).toBe(200);
    expect(handed.body.alert.status).toBe('handed_over');

    // Retraction: police only; Cancel referencing the Alert; the card blurred at once.
    expect(
      (await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retract`, { cookie: liaison, body: {} })).status,
    ).toBe(403);
    const retracted = await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retract`, {
      cookie: officer,
      body: { reason: 'reunited' },
    });
    expect(retracted.status).toBe(200);
    expect(retracted.body.capMessage.msgType).toBe('Cancel');
    expect(retracted.body.capMessage.headline).toBe(RETRACTION_TEXT);
    expect(retracted.body.capMessage.references).toContain(verified.body.capMessage.identifier);
    expect(retracted.body.queued).toBeGreaterThanOrEqual(1);
    expect(
      (await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retract`, { cookie: officer, body: {} })).status,
    ).toBe(409);
    const blurred = await call(h, 'GET', `/api/v1/public/alerts/${a.token}`);
    expect(blurred.body.card).toMatchObject({ retracted: true, acceptingTips: false });
    expect(blurred.body.card.clothing).toBeUndefined();
    const late = await call(h, 'POST', `/api/v1/public/alerts/${a.token}/tips`, {
      body: { ...tipBody, idempotencyKey: 'tip-key-0002' },
    });
    expect(late.status).toBe(410);

    // The Cancel reaches the SMS roster; the derived steps land in the event log.
    await waitFor('the Cancel SMS', async () => readFileSync(smsFile, 'utf8').includes(RETRACTION_TEXT));
    // The delivery worker writes first_broadcast and retraction_sent in the background: wait for them.
    const eventTypes = async () => {
      await h.server.services.tadpole.jobs.tick();
      return (
        await h.database.query<{ type: string }>('select type from case_events where case_id = $1', [a.caseId])
      ).map((r) => r.type);
    };
    await expect
      .poll(eventTypes, { timeout: 30_000, interval: 250 })
      .toEqual(
        expect.arrayContaining([
          'opened',
          'tadpole_reported',
          'alert_verified',
          'cap_message',
          'first_broadcast',
          'tip_received',
          'guardian_verified',
          'handed_over',
          'alert_retracted',
          'retraction_sent',
        ]),
      );
    const tl = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/clocks`, { cookie: officer });
    const step = (s: string) => tl.body.steps.find((x: { step: string }) => x.step === s);
    for (const s of [
      'reported',
      'verified',
      'first_broadcast',
      'first_tip',
      'first_useful_tip',
      'found',
      'handover',
      'retraction_sent',
    ]) {
      expect(step(s).at, s).not.toBeNull();
    }
    expect(step('purged').at).toBeNull();

    // The station's monthly medians include this case.
    const t = new Date(Date.now() + 8 * 3_600_000);
    const month = `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}`;
    expect((await call(h, 'GET', `/api/v1/tadpole/clocks?month=${month}`, { cookie: liaison })).status).toBe(403);
    expect((await call(h, 'GET', '/api/v1/tadpole/clocks?month=2026-13', { cookie: officer })).status).toBe(400);
    const monthly = await call(h, 'GET', `/api/v1/tadpole/clocks?month=${month}`, { cookie: officer });
    expect(monthly.status).toBe(200);
    expect(monthly.body.alerts).toBeGreaterThanOrEqual(1);
    const interval = (k: string) => monthly.body.intervals.find((i: { key: string }) => i.key === k);
    expect(interval('report_to_verified').n).toBeGreaterThanOrEqual(1);
    expect(interval('report_to_handover').medianS).not.toBeNull();
    expect(interval('group_delivered').n).toBeGreaterThanOrEqual(1);

    // 25 h later the public card and photos are purged; 31 days later the case file, the outcome stays.
    clock += 25 * 3_600_000;
    expect((await h.server.services.tadpole.jobs.tick()).publicPurged).toBeGreaterThanOrEqual(1);
    const gone = await call(h, 'GET', `/api/v1/public/alerts/${a.token}`);
    expect(gone.status).toBe(410);
    expect((await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/case-file`, { cookie: commander })).status).toBe(200);
    clock += 31 * 86_400_000;
    expect((await h.server.services.tadpole.jobs.tick()).caseFilesPurged).toBeGreaterThanOrEqual(1);
    const file = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/case-file`, { cookie: commander });
    expect(file.status).toBe(410);
    const [outcome] = await h.database.query<{ age_band: string; tips: number; useful_tips: number; steps: unknown }>(
      'select age_band, tips, useful_tips, steps from alert_outcomes where alert_id = $1',
      [a.id],
    );
    expect(outcome).toMatchObject({ age_band: 'child_1_3' });
    expect(Number(outcome!.tips)).toBe(1);
    expect(Number(outcome!.useful_tips)).toBe(1);
    const [cf] = await h.database.query<{ data: unknown }>('select data from alert_case_files where alert_id = $1', [
      a.id,
    ]);
    expect(JSON.stringify(cf!.data)).toBe('{}');
    const after = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/tips`, { cookie: officer });
    expect(after.body.tips[0]).toMatchObject({ text: null, phone: null, location: null });
  });
});
