import { describe, expect, it } from 'vitest';
import { Outbox, parseAcks } from './outbox.ts';

describe('Outbox', () => {
  it('keeps a reading until its id is acked', () => {
    const box = new Outbox();
    box.add('a', 't', '{}', 0);
    box.add('b', 't', '{}', 0);
    expect(box.ack(['a', 'zzz'])).toEqual(['a']);
    expect(box.size).toBe(1);
    expect(box.has('b')).toBe(true);
    expect(box.acked).toBe(1);
  });

  it('resends everything after a reconnect, oldest first', () => {
    const box = new Outbox();
    box.add('a', 't', '1', 0);
    box.add('b', 't', '2', 10);
    const again = box.takeForResend(100);
    expect(again.map((e) => e.id)).toEqual(['a', 'b']);
    expect(again[0]!.sends).toBe(2);
  });

  it('resends periodically only what has waited longer than the limit', () => {
    const box = new Outbox();
    box.add('old', 't', '1', 0);
    box.add('new', 't', '2', 9_000);
    expect(box.takeForResend(10_000, 5_000).map((e) => e.id)).toEqual(['old']);
    // Just resent: not due again right away.
    expect(box.takeForResend(11_000, 5_000)).toEqual([]);
  });

  it('keeps the first payload when an id is added twice', () => {
    const box = new Outbox();
    box.add('a', 't', 'first', 0);
    box.add('a', 't', 'second', 1);
    expect(box.takeForResend(2)[0]!.payload).toBe('first');
  });

  it('drops the oldest and counts it when full', () => {
    const box = new Outbox({ capacity: 2 });
    box.add('a', 't', '', 0);
    box.add('b', 't', '', 0);
    box.add('c', 't', '', 0);
    expect(box.has('a')).toBe(false);
    expect(box.dropped).toBe(1);
    expect(box.size).toBe(2);
  });
});

describe('parseAcks', () => {
  it('reads the ids of a v1 ack and ignores anything malformed', () => {
    expect(parseAcks('{"v":1,"ids":["a","b",3]}')).toEqual(['a', 'b']);
    expect(parseAcks('not json')).toEqual([]);
    expect(parseAcks('null')).toEqual([]);
    expect(parseAcks('{"v":1}')).toEqual([]);
  });
});
