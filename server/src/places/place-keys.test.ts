import { describe, expect, it } from 'vitest';
import { keyColumn, normaliseQuery, pinyinKeys } from './place-keys.ts';

describe('pinyinKeys', () => {
  it('spells a name in full pinyin and in initials', () => {
    expect(pinyinKeys('笔架山')).toEqual({ full: ['bijiashan'], initials: ['bjs'] });
  });

  it('keeps every reading of a polyphonic character, so 花都路 is found as huadulu', () => {
    const keys = pinyinKeys('花都路');
    expect(keys.full).toContain('huadulu');
    expect(keys.full).toContain('huadoulu');
    expect(keys.initials).toEqual(['hdl']);
  });

  it('keeps letters and digits and drops spaces and punctuation', () => {
    expect(pinyinKeys('A3号 桩').full[0]).toBe('a3haozhuang');
  });

  it('stays small for a long name full of polyphonic characters', () => {
    expect(pinyinKeys('长重都长重都长重都').full.length).toBeLessThanOrEqual(16);
  });
});

describe('keyColumn and normaliseQuery', () => {
  it('delimits keys with spaces and removes repeats', () => {
    expect(keyColumn(['bjs', 'bjs', 'bjss'])).toBe(' bjs bjss ');
  });

  it('lower-cases, strips tones, spaces and apostrophes', () => {
    expect(normaliseQuery(" Xi'an Bǐ Jià ")).toBe('xianbijia');
  });
});
