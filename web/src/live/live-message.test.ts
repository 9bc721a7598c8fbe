import { describe, expect, it } from 'vitest';
import { parseServerMessage } from './live-message.ts';

const unit = { unitId: 'u1', seq: 9, t: '2026-11-21T08:00:00Z', lon: 120, lat: 29, accuracyM: 5 };

describe('parseServerMessage', () => {
  it("reads a positions message with the officers' units", () => {
    const r = parseServerMessage(JSON.stringify({ type: 'positions', seq: 9, positions: [], units: [unit] }));
    expect(r).toEqual({ ok: true, message: { type: 'positions', seq: 9, positions: [], units: [unit] } });
  });

  it('reads a case event as the server sends it', () => {
    const event = {
      kind: 'case_event',
      caseId: 'c1',
      seq: 3,
      type: 'acknowledged',
      at: unit.t,
      actorId: null,
      data: {},
    };
    const r = parseServerMessage(JSON.stringify({ type: 'event', seq: 3, event }));
    expect(r.ok && r.message.type === 'event' && r.message.event).toEqual(event);
  });

  it('says why a message that is not JSON is dropped', () => {
    expect(parseServerMessage('{"type":')).toEqual({ ok: false, problem: 'not JSON' });
  });

  it('says where a message breaks the contract', () => {
    const r = parseServerMessage(JSON.stringify({ type: 'positions', seq: 1, positions: [{ droneId: 'd1' }] }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(/^positions\.0\./);
  });

  it('refuses an unknown message type', () => {
    expect(parseServerMessage(JSON.stringify({ type: 'gossip', seq: 1 })).ok).toBe(false);
  });
});
