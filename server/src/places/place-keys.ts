import { pinyin } from 'pinyin-pro';

/** A name with more polyphonic characters than this keeps only its first readings (3 × 3 × 2 … stays small). */
const MAX_VARIANTS = 16;
/** Readings kept per character: the reading in context first, then the dictionary's others. */
const MAX_READINGS = 3;

/** `dū` → `du`, `lǜ` → `lu`: people type pinyin without tones. */
const toneless = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Each character's readings as a person might type them: Han characters by their pinyin (the reading in context
 * first: 花都路 is read "dou" by the dictionary's context but the place is "du"), letters and digits as they are;
 * spaces and punctuation drop out.
 */
function readings(text: string): string[][] {
  const out: string[][] = [];
  for (const c of pinyin(text, { type: 'all', toneType: 'none' })) {
    if (c.isZh) {
      const all = [c.pinyin, ...c.polyphonic.map(toneless)].filter((r) => r.length > 0);
      out.push([...new Set(all)].slice(0, MAX_READINGS));
    } else {
      const kept = toneless(c.origin).replace(/[^a-z0-9]/g, '');
      if (kept) out.push([kept]);
    }
  }
  return out;
}

function combinations(parts: string[][], pick: (reading: string) => string): string[] {
  let acc = [''];
  for (const options of parts) {
    const picked = [...new Set(options.map(pick))];
    acc = acc.flatMap((prefix) => picked.map((p) => prefix + p)).slice(0, MAX_VARIANTS);
  }
  return acc.filter((s) => s.length > 0);
}

export interface PinyinKeys {
  /** Every full-pinyin spelling: `bijiashan`. */
  full: string[];
  /** Every initials spelling: `bjs`. */
  initials: string[];
}

/** The search keys of a place name (or alias). */
export function pinyinKeys(text: string): PinyinKeys {
  const parts = readings(text);
  return { full: combinations(parts, (r) => r), initials: combinations(parts, (r) => r[0]!) };
}

/** Keys of several names in one space-delimited column value (` a b `), so `like '% q%'` finds a key's prefix. */
export function keyColumn(keys: string[]): string {
  return ` ${[...new Set(keys)].join(' ')} `;
}

/** What a person typed, as it is compared with the keys: lower case, no spaces or apostrophes (`xi'an`). */
export function normaliseQuery(q: string): string {
  return toneless(q).replace(/[\s'’·]/g, '');
}
