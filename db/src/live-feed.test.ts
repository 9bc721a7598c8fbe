import { describe, expect, it } from 'vitest';
import { doorbellPayload, liveDoorbellSql } from './live-feed.ts';

describe('live doorbell', () => {
  it('carries the seq and the new sightings', () => {
    expect(JSON.parse(doorbellPayload(42, [7, 8]))).toEqual({ seq: 42, sightings: [7, 8] });
    expect(JSON.parse(doorbellPayload(42))).toEqual({ seq: 42 });
  });

  it('leaves out a list of sightings too long for a NOTIFY', () => {
    const ids = Array.from({ length: 201 }, (_, i) => i);
    expect(JSON.parse(doorbellPayload(9, ids))).toEqual({ seq: 9 });
  });

  it('rings in SQL only when the statement wrote something', () => {
    expect(liveDoorbellSql('e.seq')).toBe(
      "case when (e.seq) is not null then pg_notify('lookout_live', json_build_object('seq', e.seq)::text) end",
    );
  });
});
