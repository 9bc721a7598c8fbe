import { describe, expect, it } from 'vitest';
import type { LonLat } from './guidance.ts';
import type { KeyValueStore } from './offline-queue.ts';
import { loadTrack, saveTrack, TRACK_KEPT_MS, TRACK_STORAGE_KEY } from './stored-track.ts';

const memory = (): KeyValueStore & { data: Map<string, string> } => {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};
const TRACK: LonLat[] = [
  [120.07, 28.945],
  [120.07, 28.9453],
];

describe('stored track', () => {
  it('gives back what was saved', () => {
    const store = memory();
    saveTrack(store, TRACK, 1000);
    expect(loadTrack(store, 2000)).toEqual(TRACK);
  });

  it('forgets a track from an earlier shift', () => {
    const store = memory();
    saveTrack(store, TRACK, 1000);
    expect(loadTrack(store, 1000 + TRACK_KEPT_MS + 1)).toEqual([]);
  });

  it('starts empty without a track, or with a broken one', () => {
    const store = memory();
    expect(loadTrack(store)).toEqual([]);
    for (const bad of ['{', '42', '{"savedAt":1,"points":[[1]]}', '{"savedAt":1,"points":"x"}', '{"points":[]}']) {
      store.data.set(TRACK_STORAGE_KEY, bad);
      expect(loadTrack(store, 2), bad).toEqual([]);
    }
  });

  it('keeps going when the storage is full', () => {
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => saveTrack(full, TRACK)).not.toThrow();
  });
});
