import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAlert, insertCapMessage, freshSpot } from '../tadpole/delivery/testing/tadpole-rows.ts';
import { createTestUser, login, sessionFor, startHarness, type Harness } from '../testing/harness.ts';

/**
 * The after-action timeline CSV of a tadpole case carries its whole flow — the alert, the
 * verification, each broadcast and each delivery, the 已转发 acknowledgements, tips and useful tips, the guardian
 * check, the handover, the retraction and the purge — with the tadpole clocks' intervals.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** RFC 4180 rows (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && s[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

const at = (minutes: number) => new Date(Date.parse('2026-11-20T02:00:00Z') + minutes * 60_000).toISOString();

async function group(name: string, channel: string): Promise<string> {
  const spot = freshSpot();
  const [g] = await h.database.query<{ id: string }>(
    `insert into community_groups (name, channel, member_count, area)
     values ($1, $2, 120, ST_Buffer(ST_SetSRID(ST_MakePoint($3, $4), 4326), 0.001)) returning id`,
    [name, channel, spot.lon, spot.lat],
  );
  return String(g!.id);
}

describe('timeline.csv of a tadpole case', () => {
  it('has every tadpole step in time order, with actors, and the tadpole intervals', async () => {
    const liaison = await createTestUser(h.database, 'liaison');
    const [lia] = await h.database.query<{ id: string }>('select id from users where username = $1', [
      liaison.username,
    ]);
    const liaisonId = String(lia!.id);
    const alertId = await insertAlert(h.database, freshSpot());
    const [a] = await h.database.query<{ case_id: string }>('select case_id from alerts where id = $1', [alertId]);
    const caseId = String(a!.case_id);
    await h.database.query(`update alerts set verified_at = $2, verified_by = $3, created_by = $3 where id = $1`, [
      alertId,
      at(3),
      liaisonId,
    ]);
    await h.database.query(`update cases set created_at = $2, title = $3 where id = $1`, [
      caseId,
      at(0),
      '发现走失儿童 约1–3岁男童 花都路',
    ]);
    const capAlert = await insertCapMessage(h.database, alertId, 'Alert', freshSpot(), 500);
    const capCancel = await insertCapMessage(h.database, alertId, 'Cancel', freshSpot(), 500);
    const robot = await group('花川网格群', 'wecom');
    const kit = await group('西城居民群', 'forward_kit');
    const broken = await group('东城网格群', 'dingtalk');
    const delivery = async (cap: number, g: string, fields: string, values: unknown[]) => {
      const [d] = await h.database.query<{ id: number }>(
        `insert into deliveries (cap_message_id, alert_id, group_id, priority, ${fields})
         values ($1, $2, $3, 0, ${values.map((_, i) => `$${i + 4}`).join(', ')}) returning id`,
        [cap, alertId, g, ...values],
      );
      return Number(d!.id);
    };
    await delivery(capAlert, robot, 'status, attempts, created_at, sent_at', ['sent', 1, at(4), at(5)]);
    await delivery(capAlert, kit, 'status, created_at, acknowledged_at, acknowledged_by', [
      'acknowledged',
      at(4),
      at(9),
      liaisonId,
    ]);
    const failed = await delivery(capAlert, broken, 'status, attempts, created_at, last_error', [
      'failed',
      10,
      at(4),
      'gave up after 10 attempts: HTTP 502',
    ]);
    await h.database.query(
      `insert into delivery_attempts (delivery_id, at, ok, http_status, error) values ($1, $2, false, 502, 'HTTP 502')`,
      [failed, at(6)],
    );
    await delivery(capCancel, robot, 'status, attempts, created_at, sent_at', ['sent', 1, at(40), at(41)]);
    const [tip] = await h.database.query<{ id: number }>(
      `insert into tips (alert_id, seen_at, text, useful, marked_by, marked_at, received_at)
       values ($1, $2, '在公交站看到过家长', true, $3, $4, $2) returning id`,
      [alertId, at(12), liaisonId, at(14)],
    );
    const events: [string, number, Record<string, unknown>, string | null][] = [
      ['opened', 0, { title: '发现走失儿童' }, liaisonId],
      ['tadpole_reported', 0, { alertId, kind: 'found_child' }, liaisonId],
      ['alert_verified', 3, { alertId }, liaisonId],
      ['cap_message', 4, { alertId, capMessageId: capAlert, msgType: 'Alert', queued: 3 }, liaisonId],
      ['first_broadcast', 5, { alertId }, null],
      ['tip_received', 12, { alertId, tipId: Number(tip!.id), hasLocation: false }, null],
      ['tip_marked', 14, { alertId, tipId: Number(tip!.id), useful: true }, liaisonId],
      ['guardian_verified', 30, { alertId }, liaisonId],
      ['handed_over', 35, { alertId }, liaisonId],
      ['alert_retracted', 40, { alertId, reason: '=已交还监护人' }, liaisonId],
      ['cap_message', 40, { alertId, capMessageId: capCancel, msgType: 'Cancel', queued: 1 }, liaisonId],
      ['closed', 40, {}, liaisonId],
      ['public_purged', 24 * 60 + 40, { alertId, photos: 1 }, null],
    ];
    for (const [type, m, data, actor] of events) {
      await h.database.query(
        `insert into case_events (case_id, type, at, data, actor_id) values ($1, $2, $3, $4::jsonb, $5)`,
        [caseId, type, at(m), JSON.stringify(data), actor],
      );
    }

    const res = await fetch(`${h.base}/api/v1/cases/${caseId}/timeline.csv`, {
      headers: { cookie: await sessionFor(h, 'commander') },
    });
    expect(res.status).toBe(200);
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(['at', 'seq', 'type', 'actor', 'details_zh', 'details_en', 'text', 'seconds', 'data']);
    const body = rows.slice(1);
    const types = body.filter((r) => r[2] !== 'interval').map((r) => r[2]);
    expect(types).toEqual([
      'case',
      'opened',
      'tadpole_reported',
      'alert_verified',
      'cap_message',
      'forward_kit_ready',
      'first_broadcast',
      'delivery_sent',
      'delivery_failed',
      'delivery_acknowledged',
      'tip_received',
      'tip_marked',
      'guardian_verified',
      'handed_over',
      'alert_retracted',
      'cap_message',
      'closed',
      'delivery_sent',
      'public_purged',
    ]);
    // In time order.
    const times = body.filter((r) => r[2] !== 'interval').map((r) => Date.parse(r[0]!));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    const row = (type: string, n = 0) => body.filter((r) => r[2] === type)[n]!;
    // The forward kit was sent at creation and acknowledged by the liaison: "已转发", with his name.
    expect(row('delivery_acknowledged')[4]).toBe('已转发：西城居民群（forward_kit，Alert）');
    expect(row('delivery_acknowledged')[3]).toBe(liaison.username);
    expect(row('delivery_sent')[4]).toBe('推送送达：花川网格群（wecom，Alert）');
    expect(row('delivery_sent', 1)[4]).toBe('推送送达：花川网格群（wecom，Cancel）');
    expect(row('delivery_failed')[0]).toBe(at(6));
    expect(JSON.parse(row('delivery_failed')[8]!)).toMatchObject({ error: 'gave up after 10 attempts: HTTP 502' });
    expect(row('tip_marked')[4]).toBe('有用线索');
    expect(row('cap_message', 1)[4]).toBe('撤回推送（CAP Cancel）');
    expect(row('guardian_verified')[4]).toBe('监护人核验通过');
    expect(row('public_purged')[5]).toBe('public card purged');
    // The retraction's reason is text a person typed: it is there, defused.
    expect(row('alert_retracted')[6]).toBe("'=已交还监护人");
    // The tip's own text is case-file material: not in the export.
    expect(rows.flat().some((c) => c.includes('公交站'))).toBe(false);

    // Intervals: the tadpole clocks (verified 3 min, first broadcast 5 min, first useful tip 12 − 5 = 7 min…).
    const interval = (key: string) => Number(body.find((r) => r[2] === 'interval' && r[6] === key)![7]);
    expect(interval('report_to_verified')).toBe(180);
    expect(interval('report_to_first_broadcast')).toBe(300);
    expect(interval('broadcast_to_first_useful_tip')).toBe(420);
    expect(interval('report_to_found')).toBe(30 * 60);
    expect(interval('found_to_handover')).toBe(5 * 60);
    expect(interval('handover_to_retraction_sent')).toBe(6 * 60);
    // The retraction is sent at the Cancel's delivery (40 + 1 min), the purge a day after the retraction.
    expect(interval('retraction_to_purged')).toBe(24 * 3600 - 60);
    // No lost-person intervals on a tadpole case.
    expect(body.some((r) => r[6] === 'report_to_on_scene')).toBe(false);
  });

  it('an officer not on the case cannot read it (403)', async () => {
    const alertId = await insertAlert(h.database, freshSpot());
    const [a] = await h.database.query<{ case_id: string }>('select case_id from alerts where id = $1', [alertId]);
    const o = await createTestUser(h.database, 'officer');
    const cookie = await login(h.base, o.username, o.password);
    const res = await fetch(`${h.base}/api/v1/cases/${a!.case_id}/timeline.csv`, { headers: { cookie } });
    expect(res.status).toBe(403);
  });
});
