import { describe, expect, it } from 'vitest';
import { placeKinds } from '@lookout/contracts';
import { placesEn, placesZhCN } from './places-texts.ts';

function flat(o: object, prefix = ''): [string, string][] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? flat(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)]],
  );
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('place texts', () => {
  it('have the same keys and placeholders in Chinese and English', () => {
    const zh = new Map(flat(placesZhCN));
    const en = new Map(flat(placesEn));
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
    for (const [key, text] of zh) expect(placeholders(en.get(key)!), key).toEqual(placeholders(text));
  });

  it('name every kind of place', () => {
    expect(Object.keys(placesZhCN.places.kind).sort()).toEqual([...placeKinds].sort());
  });
});
