import { describe, expect, it } from 'vitest';
import { defaultQuality } from './quality.ts';

describe('defaultQuality', () => {
  it('is full when the browser says nothing', () => {
    expect(defaultQuality(undefined)).toBe('full');
  });

  it('is low on 2G and 3G links', () => {
    expect(defaultQuality({ effectiveType: '3g' })).toBe('low');
    expect(defaultQuality({ effectiveType: 'slow-2g' })).toBe('low');
  });

  it('is low with the data saver on, whatever the link', () => {
    expect(defaultQuality({ effectiveType: '4g', saveData: true })).toBe('low');
  });

  it('is full on a 4G link', () => {
    expect(defaultQuality({ effectiveType: '4g', saveData: false })).toBe('full');
  });
});
