import { describe, expect, it } from 'vitest';
import {
  auditQueryString,
  dateTime,
  detailText,
  EMPTY_FILTERS,
  errorKey,
  LOCAL_TIME_PATTERN,
  localToIso,
  selfLock,
} from './admin-format.ts';

describe('auditQueryString', () => {
  it('is empty for no filters', () => {
    expect(auditQueryString(EMPTY_FILTERS)).toBe('');
  });
  it('turns local times into ISO instants and trims text filters', () => {
    const q = new URLSearchParams(
      auditQueryString(
        { from: '2026-12-01 08:00', to: '2026-12-02', actor: ' admin ', action: 'POST /api/v1/users*' },
        { limit: 50 },
      ),
    );
    expect(q.get('from')).toBe(new Date(2026, 11, 1, 8, 0).toISOString());
    expect(q.get('to')).toBe(new Date(2026, 11, 2).toISOString());
    expect(q.get('actor')).toBe('admin');
    expect(q.get('action')).toBe('POST /api/v1/users*');
    expect(q.get('limit')).toBe('50');
  });
  it('adds the page cursor only when there is one', () => {
    expect(auditQueryString(EMPTY_FILTERS, { before: 42 })).toBe('before=42');
    expect(auditQueryString(EMPTY_FILTERS, { before: null })).toBe('');
  });
  it('drops an invalid time instead of sending it', () => {
    expect(localToIso('not a time')).toBeUndefined();
    expect(localToIso('2026-02-30 08:00')).toBeUndefined();
    expect(localToIso('2026-12-01 24:00')).toBeUndefined();
    expect(localToIso('12/01/2026')).toBeUndefined();
    expect(localToIso('  ')).toBeUndefined();
  });
});

describe('LOCAL_TIME_PATTERN', () => {
  it('lets the browser accept what localToIso reads (as the pattern attribute does, with the v flag)', () => {
    const re = new RegExp(`^(?:${LOCAL_TIME_PATTERN})$`, 'v');
    for (const ok of ['2026-12-01 08:00', '2026-12-01', '2026-1-5 8:05']) {
      expect(re.test(ok)).toBe(true);
      expect(localToIso(ok)).toBeDefined();
    }
    expect(re.test('12/01/2026, 07:58 PM')).toBe(false);
  });
});

describe('formatting', () => {
  it('prints local date and time, or a dash', () => {
    expect(dateTime(new Date(2026, 11, 1, 9, 5, 7).toISOString())).toBe('2026-12-01 09:05:07');
    expect(dateTime(null)).toBe('–');
    expect(dateTime('garbage')).toBe('–');
  });
  it('prints the detail as key=value and cuts it', () => {
    expect(detailText({ status: 200, ids: [1, 2] })).toBe('status=200, ids=[1,2]');
    expect(detailText({ a: 'x'.repeat(50) }, 10)).toHaveLength(10);
    expect(detailText(null)).toBe('');
  });
});

describe('errorKey', () => {
  it('tells the self-protection refusal from other refusals', () => {
    expect(errorKey({ code: 'forbidden', message: 'An admin cannot disable his own account; ask another admin' })).toBe(
      'adminx.err.self',
    );
    expect(errorKey({ code: 'forbidden', message: 'admin only' })).toBe('adminx.err.forbidden');
  });
  it('maps the API codes and falls back for unknown ones', () => {
    expect(errorKey({ code: 'conflict' })).toBe('adminx.err.conflict');
    expect(errorKey({ status: 0, code: 'network' })).toBe('adminx.err.network');
    expect(errorKey({ code: 'bad_request' })).toBe('adminx.err.bad_request');
    expect(errorKey({ code: 'http_502' })).toBe('adminx.err.other');
  });
});

describe('selfLock', () => {
  it('locks only the admin own row', () => {
    expect(selfLock('a', 'a')).toBe('adminx.users.selfLocked');
    expect(selfLock('a', 'b')).toBeNull();
  });
});
