import { describe, expect, it } from 'vitest';
import { activeVideoId, djiVideoType, pickVideoId } from './dji-video-id.ts';

const AIRCRAFT = '1581F5BMD228Q00A82XX';

/** A gateway's live_capacity as DJI's dock properties describe it: devices → cameras → selectable streams. */
function capacity(cameras: { index: string; video: string; type?: string; switchable?: string[] }[]) {
  return {
    live_capacity: {
      available_video_number: cameras.length,
      coexist_video_number_max: 1,
      device_list: [
        { sn: 'DOCK0001', camera_list: [{ camera_index: '165-0-7', video_list: [{ video_index: 'normal-0' }] }] },
        {
          sn: AIRCRAFT,
          camera_list: cameras.map((c) => ({
            camera_index: c.index,
            video_list: [{ video_index: c.video, video_type: c.type, switchable_video_types: c.switchable }],
          })),
        },
      ],
    },
  };
}

describe('pickVideoId', () => {
  it('names the aircraft’s first camera as {sn}/{camera_index}/{video_index}', () => {
    const state = capacity([
      { index: '39-0-7', video: 'normal-0' },
      { index: '52-0-0', video: 'normal-0' },
    ]);
    expect(pickVideoId(state, AIRCRAFT)).toBe(`${AIRCRAFT}/39-0-7/normal-0`);
  });

  it('prefers a camera that offers the lens asked for', () => {
    const state = capacity([
      { index: '39-0-7', video: 'normal-0', type: 'normal', switchable: ['normal'] },
      { index: '52-0-0', video: 'normal-0', type: 'normal', switchable: ['normal', 'wide', 'zoom', 'ir'] },
    ]);
    expect(pickVideoId(state, AIRCRAFT, 'zoom')).toBe(`${AIRCRAFT}/52-0-0/normal-0`);
    expect(pickVideoId(state, AIRCRAFT, 'thermal')).toBe(`${AIRCRAFT}/39-0-7/normal-0`);
  });

  it('has nothing for a gateway that reported no capacity, or none for this aircraft', () => {
    expect(pickVideoId(null, AIRCRAFT)).toBeUndefined();
    expect(pickVideoId({ mode_code: 4 }, AIRCRAFT)).toBeUndefined();
    expect(pickVideoId(capacity([]), AIRCRAFT)).toBeUndefined();
    expect(pickVideoId(capacity([{ index: '52-0-0', video: 'normal-0' }]), 'OTHER')).toBeUndefined();
  });

  it('skips index segments that could break the video id', () => {
    expect(pickVideoId(capacity([{ index: '52/0', video: 'normal-0' }]), AIRCRAFT)).toBeUndefined();
  });
});

describe('activeVideoId', () => {
  it('is the aircraft’s stream with status 1 in live_status', () => {
    const state = {
      live_status: [
        { video_id: 'DOCK0001/165-0-7/normal-0', status: 1 },
        { video_id: `${AIRCRAFT}/52-0-0/normal-0`, status: 0 },
        { video_id: `${AIRCRAFT}/39-0-7/normal-0`, status: 1 },
      ],
    };
    expect(activeVideoId(state, AIRCRAFT)).toBe(`${AIRCRAFT}/39-0-7/normal-0`);
    expect(activeVideoId({ live_status: [] }, AIRCRAFT)).toBeUndefined();
    expect(activeVideoId({ live_status: 'x' }, AIRCRAFT)).toBeUndefined();
  });
});

describe('djiVideoType', () => {
  it('calls the infrared lens thermal on a remote controller (domain 2), ir on a dock', () => {
    expect(djiVideoType('ir', '3')).toBe('ir');
    expect(djiVideoType('ir', '2')).toBe('thermal');
    expect(djiVideoType('zoom', '2')).toBe('zoom');
  });
});
