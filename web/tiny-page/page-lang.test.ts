import { afterEach, describe, expect, it, vi } from 'vitest';
import { fill, pickLang } from './page-lang.ts';

describe('fill', () => {
  it('fills known names and leaves unknown ones as written', () => {
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('pickLang', () => {
  afterEach(() => vi.unstubAllGlobals());

  const storage = (saved: string | null, throws = false) => ({
    localStorage: {
      getItem: () => {
        if (throws) throw new Error('private mode');
        return saved;
      },
    },
  });

  it('keeps what the visitor chose', () => {
    vi.stubGlobal('window', storage('en'));
    expect(pickLang('k', 'zh-CN')).toBe('en');
  });

  it('is Chinese unless the browser asks for English', () => {
    vi.stubGlobal('window', storage(null));
    expect(pickLang('k', 'en-US')).toBe('en');
    expect(pickLang('k', 'ja-JP')).toBe('zh-CN');
    expect(pickLang('k', '')).toBe('zh-CN');
  });

  it('ignores a saved value it does not know and a storage that throws', () => {
    vi.stubGlobal('window', storage('fr'));
    expect(pickLang('k', 'zh')).toBe('zh-CN');
    vi.stubGlobal('window', storage(null, true));
    expect(pickLang('k', 'en-GB')).toBe('en');
  });
});
