import { describe, expect, it } from 'vitest';
import { OfflineQueue, type KeyValueStore, type PositionItem, type StatusItem } from './offline-queue.ts';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}
const pos = (key: string): PositionItem => ({
  kind: 'position',
  key,
  lon: 120,
  lat: 29,
  accuracy: 5,
  t: '2026-11-21T08:00:00Z',
});
const status = (key: string): StatusItem => ({
  kind: 'status',
  key,
  assignmentId: 'a',
  status: 'on_scene',
  tappedAt: '2026-11-21T08:00:00Z',
});

describe('OfflineQueue', () => {
  it('survives a reload with its keys', () => {
    const store = memoryStore();
    const q = new OfflineQueue(store);
    q.add(pos('p1'));
    q.add(status('s1'));
    const again = new OfflineQueue(store);
    expect(again.items().map((i) => i.key)).toEqual(['p1', 's1']);
  });

  it('sends positions in batches and a status change on its own, in order', () => {
    const q = new OfflineQueue(memoryStore());
    ['p1', 'p2'].forEach((k) => q.add(pos(k)));
    q.add(status('s1'));
    q.add(pos('p3'));
    const first = q.next();
    expect(first?.kind === 'positions' && first.items.map((i) => i.key)).toEqual(['p1', 'p2']);
    q.remove(['p1', 'p2']);
    expect(q.next()).toEqual({ kind: 'status', item: status('s1') });
    q.remove(['s1']);
    expect(q.size).toBe(1);
  });

  it('limits a batch', () => {
    const q = new OfflineQueue(memoryStore());
    for (let i = 0; i < 5; i++) q.add(pos(`p${i}`));
    const b = q.next(2);
    expect(b?.kind === 'positions' && b.items.length).toBe(2);
  });

  it('ignores an item it already holds (same key)', () => {
    const q = new OfflineQueue(memoryStore());
    q.add(pos('p1'));
    q.add(pos('p1'));
    expect(q.size).toBe(1);
  });

  it('drops the oldest positions past its limit but never a status change', () => {
    const q = new OfflineQueue(memoryStore(), 'k', 2);
    q.add(pos('p1'));
    q.add(status('s1'));
    q.add(pos('p2'));
    q.add(pos('p3'));
    expect(q.items().map((i) => i.key)).toEqual(['s1', 'p2', 'p3']);
  });

  it('starts empty on unreadable storage', () => {
    const store = memoryStore();
    store.setItem('lookout.officer.outbox', '{not json');
    expect(new OfflineQueue(store).size).toBe(0);
  });
});
