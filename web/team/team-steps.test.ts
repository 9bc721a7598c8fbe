import { describe, expect, it } from 'vitest';
import { statusAfter, stepAllowed } from './team-steps.ts';

describe('team page steps', () => {
  it('go forward only', () => {
    expect(stepAllowed('dispatched', 'en_route')).toBe(true);
    expect(stepAllowed('dispatched', 'on_scene')).toBe(true);
    expect(stepAllowed('on_scene', 'en_route')).toBe(false);
    expect(stepAllowed('en_route', 'en_route')).toBe(false);
  });

  it('offer found and stand down from every live status and nothing after the end', () => {
    for (const s of ['dispatched', 'en_route', 'on_scene'] as const) {
      expect(stepAllowed(s, 'found')).toBe(true);
      expect(stepAllowed(s, 'stood_down')).toBe(true);
    }
    for (const s of ['found', 'stood_down'] as const) {
      expect(['en_route', 'on_scene', 'found', 'stood_down'].some((k) => stepAllowed(s, k as never))).toBe(false);
    }
  });

  it('show queued steps ahead of the server, skipping one that no longer applies', () => {
    expect(statusAfter('dispatched', ['en_route', 'on_scene'])).toBe('on_scene');
    expect(statusAfter('on_scene', ['en_route'])).toBe('on_scene');
    expect(statusAfter('found', ['stood_down'])).toBe('found');
  });
});
