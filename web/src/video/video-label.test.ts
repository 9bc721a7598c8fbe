import { describe, expect, it } from 'vitest';
import { videoLabel, type LabelInput } from './video-label.ts';

const NOW = 1_000_000;
const input = (o: Partial<LabelInput>): LabelInput => ({
  server: 'live',
  phase: 'playing',
  serverFrameAt: NOW - 100,
  decodedAt: NOW - 200,
  now: NOW,
  ...o,
});

describe('videoLabel', () => {
  it('says starting until the server answered', () => {
    expect(videoLabel(input({ server: null }))).toEqual({ label: 'starting', ageS: null });
  });

  it('says live while the player decodes new frames', () => {
    expect(videoLabel(input({}))).toEqual({ label: 'live', ageS: null });
  });

  it('says starting while the player has no picture yet', () => {
    expect(videoLabel(input({ phase: 'connecting', decodedAt: null })).label).toBe('starting');
  });

  it('says stalled with the server frame age when the server says stalled', () => {
    expect(videoLabel(input({ server: 'stalled', serverFrameAt: NOW - 7_400, decodedAt: NOW - 7_000 }))).toEqual({
      label: 'stalled',
      ageS: 7,
    });
  });

  it('says stalled when the server is live but this player decoded nothing new', () => {
    expect(videoLabel(input({ decodedAt: NOW - 5_200 }))).toEqual({ label: 'stalled', ageS: 5 });
  });

  it('waits longer before calling the key-frame-only variant stalled', () => {
    expect(videoLabel(input({ decodedAt: NOW - 5_200, stallMs: 8_000 })).label).toBe('live');
  });

  it('says reconnecting while the player asks for a new URL', () => {
    expect(videoLabel(input({ phase: 'reconnecting', decodedAt: NOW - 4_000 }))).toEqual({
      label: 'reconnecting',
      ageS: 4,
    });
  });

  it('says ended with the age of the last frame the server had', () => {
    expect(videoLabel(input({ server: 'ended', phase: 'off', serverFrameAt: NOW - 61_000 }))).toEqual({
      label: 'ended',
      ageS: 61,
    });
  });

  it('says idle for a stream never published', () => {
    expect(videoLabel(input({ server: 'idle', phase: 'off', serverFrameAt: null, decodedAt: null })).label).toBe(
      'idle',
    );
  });
});
