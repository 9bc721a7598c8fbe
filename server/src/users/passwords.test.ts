import { describe, expect, it } from 'vitest';
import { createPasswordGate, hashPassword } from './passwords.ts';

describe('the password gate', () => {
  it('runs at most `concurrency` verifications, refuses beyond the waiting room, and lets known logins go first', async () => {
    const hash = await hashPassword('right-password');
    const gate = createPasswordGate({ concurrency: 1, maxWaiting: 2 });
    const order: string[] = [];
    const run = (name: string, known: boolean) =>
      gate.verify(hash, name === 'good' ? 'right-password' : 'wrong', known).then(
        (ok) => {
          order.push(name);
          return ok ? 'ok' : 'wrong';
        },
        (err: unknown) => (err as { code?: string }).code ?? 'error',
      );
    const first = run('a', false); // runs at once
    const waiting = [run('b', false), run('c', false)]; // the waiting room is full
    expect([gate.running, gate.waiting]).toEqual([1, 2]);
    const refused = run('d', false);
    const good = run('good', true); // a known login still gets in, ahead of b and c
    expect(await refused).toBe('unavailable');
    expect(await Promise.all([first, ...waiting, good])).toEqual(['wrong', 'wrong', 'wrong', 'ok']);
    expect(order).toEqual(['a', 'good', 'b', 'c']);
  });

  it('answers a full gate with a 503 error that carries Retry-After', async () => {
    const hash = await hashPassword('x-password');
    const gate = createPasswordGate({ concurrency: 1, maxWaiting: 0 });
    const busy = gate.verify(hash, 'x', false);
    await expect(gate.verify(hash, 'x', false)).rejects.toMatchObject({
      status: 503,
      code: 'unavailable',
      details: { retryAfterS: 1 },
    });
    expect(await busy).toBe(false);
  });
});
