import { describe, expect, it } from 'vitest';
import { maskPhone } from './mask-phone.ts';

describe('maskPhone', () => {
  it('keeps the first three and the last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('0579-87654321')).toBe('057****4321');
  });

  it('hides a short number entirely', () => {
    expect(maskPhone('110')).toBe('****');
  });
});
