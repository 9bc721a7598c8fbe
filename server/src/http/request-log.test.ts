import { describe, expect, it } from 'vitest';
import { requestLogLevel } from './request-log.ts';

describe('requestLogLevel', () => {
  it('keeps quick successful requests at debug', () => {
    expect(requestLogLevel(200, 12)).toBe('debug');
    expect(requestLogLevel(304, 3)).toBe('debug');
  });

  it('shows refusals at info and our own failures at error', () => {
    expect(requestLogLevel(404, 5)).toBe('info');
    expect(requestLogLevel(503, 5)).toBe('error');
    expect(requestLogLevel(200, 5, new Error('aborted'))).toBe('error');
  });

  it('shows a slow request whatever its status', () => {
    expect(requestLogLevel(200, 1_500)).toBe('warn');
    expect(requestLogLevel(404, 1_500)).toBe('warn');
    expect(requestLogLevel(500, 1_500)).toBe('error');
  });
});
