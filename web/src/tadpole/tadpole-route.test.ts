import { describe, expect, it } from 'vitest';
import { parseTadpoleHash, tadpoleHash } from './tadpole-route.ts';

const ID = '0190f1c2-7a3b-7cde-8f01-23456789abcd';

describe('parseTadpoleHash', () => {
  it('reads the list, the form and an alert', () => {
    expect(parseTadpoleHash('#/tadpole')).toEqual({ view: 'list' });
    expect(parseTadpoleHash('#/tadpole/new')).toEqual({ view: 'new' });
    expect(parseTadpoleHash('#/tadpole/groups')).toEqual({ view: 'groups' });
    expect(parseTadpoleHash(`#/tadpole/a/${ID}`)).toEqual({ view: 'alert', id: ID });
  });

  it('falls back to the list for anything it does not know (a forged id, another page)', () => {
    expect(parseTadpoleHash('#/tadpole/a/../../admin')).toEqual({ view: 'list' });
    expect(parseTadpoleHash('#/map')).toEqual({ view: 'list' });
  });

  it('round-trips through tadpoleHash', () => {
    for (const v of [{ view: 'list' }, { view: 'new' }, { view: 'groups' }, { view: 'alert', id: ID }] as const)
      expect(parseTadpoleHash(tadpoleHash(v))).toEqual(v);
  });
});
