import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLines, truncateUtf8, utf8Bytes } from './utf8.ts';

describe('UTF-8 truncation', () => {
  it('never exceeds the limit and never splits a character (any string, any limit)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.integer({ min: 0, max: 400 }), (s, max) => {
        const t = truncateUtf8(s, max);
        expect(utf8Bytes(t)).toBeLessThanOrEqual(Math.max(max, 0));
        expect(t).not.toContain('\uFFFD');
        expect(Buffer.from(t, 'utf8').toString('utf8')).toBe(t);
        if (utf8Bytes(s) <= max) expect(t).toBe(s);
      }),
    );
  });

  it('cuts Chinese text on whole characters, with an ellipsis', () => {
    expect(truncateUtf8('走失儿童', 9)).toBe('走失…'); // 3 bytes each, ellipsis 3 bytes
    expect(truncateUtf8('😀😀', 7)).toBe('😀…');
    expect(truncateUtf8('😀😀', 6)).toBe('…');
  });

  it('fitLines keeps the kept lines and cuts the longest others', () => {
    const text = fitLines(
      [{ text: '标题', keep: true }, { text: '长'.repeat(500) }, { text: '电话 0579-1', keep: true }],
      120,
    );
    expect(utf8Bytes(text)).toBeLessThanOrEqual(120);
    expect(text.startsWith('标题\n')).toBe(true);
    expect(text.endsWith('电话 0579-1')).toBe(true);
  });
});
