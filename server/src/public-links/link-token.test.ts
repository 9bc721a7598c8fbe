import { describe, expect, it } from 'vitest';
import { hashLinkToken, isLinkTokenShaped, newLinkToken } from './link-token.ts';

describe('link tokens', () => {
  it('carry at least 128 bits: 43 base64url characters, all different', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => newLinkToken()));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) {
      expect(isLinkTokenShaped(t)).toBe(true);
      expect(Buffer.from(t, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
  });

  it('are stored as their SHA-256 only', () => {
    const t = newLinkToken();
    expect(hashLinkToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLinkToken(t)).not.toContain(t);
  });

  it('reject forged shapes before any lookup', () => {
    for (const bad of ['', 'abc', 'x'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`, "a'; drop table x;--"]) {
      expect(isLinkTokenShaped(bad)).toBe(false);
    }
  });
});
