import { describe, expect, it } from 'vitest';
import type { VideoRecording } from '@lookout/contracts';
import { groupRecordings, planVideo, segmentAt } from './replay-video.ts';

const rec = (id: number, droneId: string, from: string, to: string | null): VideoRecording => ({
  id,
  droneId,
  callsign: droneId.toUpperCase(),
  startedAt: from,
  endedAt: to,
  bytes: 1,
  url: `/api/v1/video/recordings/${id}`,
  type: 'video/mp4',
});

describe('groupRecordings and segmentAt', () => {
  const now = Date.parse('2026-11-21T08:10:00Z');
  const drones = groupRecordings(
    [
      rec(2, 'a', '2026-11-21T08:05:00Z', '2026-11-21T08:09:00Z'),
      rec(1, 'a', '2026-11-21T08:00:00Z', '2026-11-21T08:05:00.500Z'),
      rec(3, 'b', '2026-11-21T08:08:00Z', null),
    ],
    now,
  );

  it('groups per drone, oldest first, an open segment running to now', () => {
    expect(drones.map((d) => d.droneId)).toEqual(['a', 'b']);
    expect(drones[0]!.segments.map((s) => s.id)).toEqual([1, 2]);
    expect(drones[1]!.segments[0]!.endMs).toBe(now);
  });

  it('finds the segment covering a moment, the later one where two overlap, none in a gap', () => {
    const a = drones[0]!.segments;
    expect(segmentAt(a, Date.parse('2026-11-21T08:01:00Z'))?.id).toBe(1);
    expect(segmentAt(a, Date.parse('2026-11-21T08:05:00.200Z'))?.id).toBe(2);
    expect(segmentAt(a, Date.parse('2026-11-21T08:09:30Z'))).toBeUndefined();
    expect(segmentAt(a, Date.parse('2026-11-21T07:59:59Z'))).toBeUndefined();
  });
});

describe('planVideo', () => {
  it('sits on the picture of the slider when paused', () => {
    expect(planVideo({ playing: false, speed: 10 }, 12, { currentTime: 3, paused: true }, 0)).toEqual({
      play: false,
      rate: 1,
      seekTo: 12,
    });
    expect(
      planVideo({ playing: false, speed: 10 }, 12, { currentTime: 12.01, paused: true }, 0).seekTo,
    ).toBeUndefined();
  });

  it('plays at the replay speed and corrects only a drift', () => {
    expect(planVideo({ playing: true, speed: 10 }, 20, { currentTime: 19, paused: false }, 0)).toEqual({
      play: true,
      rate: 10,
    });
    expect(planVideo({ playing: true, speed: 1 }, 20, { currentTime: 18, paused: false }, 0).seekTo).toBe(20);
  });

  it('steps by seeking, at most every 250 ms, beyond the playback rate browsers allow', () => {
    expect(planVideo({ playing: true, speed: 60 }, 40, { currentTime: 30, paused: true }, 100).seekTo).toBeUndefined();
    expect(planVideo({ playing: true, speed: 60 }, 40, { currentTime: 30, paused: true }, 300)).toEqual({
      play: false,
      rate: 1,
      seekTo: 40,
    });
  });
});
