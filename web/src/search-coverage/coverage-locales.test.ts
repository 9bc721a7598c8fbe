import { describe, expect, it } from 'vitest';
import en from '../locales/coverage.en.json';
import zhCN from '../locales/coverage.zh-CN.json';

const flat = (o: object, p = ''): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? flat(v as object, `${p}${k}.`) : [[`${p}${k}`, String(v)]],
  );

describe('coverage locales', () => {
  it('have the same keys in Chinese and English', () => {
    expect(
      flat(en)
        .map(([k]) => k)
        .sort(),
    ).toEqual(
      flat(zhCN)
        .map(([k]) => k)
        .sort(),
    );
  });

  it('use the same placeholders in both languages', () => {
    const ph = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const enMap = new Map(flat(en));
    for (const [k, v] of flat(zhCN)) expect(ph(enMap.get(k) ?? ''), k).toEqual(ph(v));
  });

  it('name every band of the contract', () => {
    expect(Object.keys(zhCN.coverage.band).sort()).toEqual(['fair', 'good', 'poor', 'walk']);
  });
});
