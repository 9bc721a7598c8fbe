import { describe, expect, it } from 'vitest';
import { engineFor, retryDelayMs, watchdogMs } from './live-engine.ts';

describe('engineFor', () => {
  const none = { hlsJs: false, native: false };

  it('plays HTTP-FLV with mpegts.js', () => {
    expect(engineFor('flv', none)).toBe('flv');
  });

  it('plays HLS with hls.js where it runs, even where the browser has native HLS', () => {
    expect(engineFor('hls', { hlsJs: true, native: false })).toBe('hls.js');
    expect(engineFor('hls', { hlsJs: true, native: true })).toBe('hls.js');
  });

  it("plays HLS with the browser's own player where hls.js cannot run", () => {
    expect(engineFor('hls', { hlsJs: false, native: true })).toBe('native-hls');
  });

  it('has no engine for HLS without either, nor for a kind it does not know', () => {
    expect(engineFor('hls', none)).toBeNull();
    expect(engineFor('whep', { hlsJs: true, native: true })).toBeNull();
    expect(engineFor('', { hlsJs: true, native: true })).toBeNull();
  });
});

describe('retryDelayMs', () => {
  it('doubles from 1 s up to 10 s', () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });
});

describe('watchdogMs', () => {
  it('waits 8 s for FLV at full quality, 15 s for the key-frame-only variant', () => {
    expect(watchdogMs('flv', 'full')).toBe(8_000);
    expect(watchdogMs('flv', 'low')).toBe(15_000);
  });

  it('waits longer for HLS, which shows whole segments seconds after they are made', () => {
    for (const engine of ['hls.js', 'native-hls'] as const)
      for (const quality of ['full', 'low'] as const) expect(watchdogMs(engine, quality)).toBeGreaterThan(8_000);
  });
});
