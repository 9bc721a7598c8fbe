import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { tokenOfUpgrade } from './dji.socket.ts';

const upgrade = (url: string, headers: Record<string, string> = {}) => ({ url, headers }) as unknown as IncomingMessage;

describe('tokenOfUpgrade', () => {
  it('reads the token DJI’s ws component appends as ?x-auth-token=, in any letter case', () => {
    expect(tokenOfUpgrade(upgrade('/api/v1/dji/ws?x-auth-token=abc%2Bdef'))).toBe('abc+def');
    expect(tokenOfUpgrade(upgrade('/api/v1/dji/ws?X-Auth-Token=abc'))).toBe('abc');
  });
  it('takes the header too, and gives nothing without either', () => {
    expect(tokenOfUpgrade(upgrade('/api/v1/dji/ws', { 'x-auth-token': 'hdr' }))).toBe('hdr');
    expect(tokenOfUpgrade(upgrade('/api/v1/dji/ws?x-auth-token='))).toBeUndefined();
    expect(tokenOfUpgrade(upgrade('/api/v1/dji/ws'))).toBeUndefined();
  });
});
