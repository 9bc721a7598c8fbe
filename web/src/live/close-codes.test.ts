import { describe, expect, it } from 'vitest';
import { CLOSE_ROLE_CHANGED, CLOSE_SESSION_ENDED } from '@lookout/contracts';
import { closeAction } from './close-codes.ts';

describe('closeAction', () => {
  it('signs out when the session ended (4001)', () => {
    expect(closeAction(CLOSE_SESSION_ENDED)).toBe('signed-out');
  });
  it('re-reads the user when the role changed (4002)', () => {
    expect(closeAction(CLOSE_ROLE_CHANGED)).toBe('reread-user');
  });
  it('just reconnects on any other close', () => {
    for (const code of [1000, 1001, 1006, 1011, 4000, undefined]) expect(closeAction(code)).toBe('reconnect');
  });
});
