import { describe, expect, it } from 'vitest';
import { circlePolygon, groupFeatures, groupLabelFeatures, groupStates, tipFeatures } from './map-features.ts';
import type { Delivery, Group, Tip } from './tadpole-types.ts';
import { distanceM } from './tip-groups.ts';

function delivery(
  id: number,
  groupId: string,
  status: Delivery['status'],
  msgType: Delivery['msgType'] = 'Alert',
): Delivery {
  return {
    id,
    seq: id,
    alertId: 'alert-1',
    capMessageId: 1,
    groupId,
    groupName: groupId,
    channel: 'wecom',
    gridName: null,
    memberCount: 10,
    liaisonId: null,
    priority: 0,
    msgType,
    status,
    attempts: 1,
    nextAttemptAt: '2026-01-01T00:00:00.000Z',
    lastError: null,
    lastAttemptNote: null,
    addedBy: 'area',
    createdAt: '2026-01-01T00:00:00.000Z',
    sentAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
  };
}

describe('circlePolygon', () => {
  it('puts every vertex at the radius and closes the ring', () => {
    const c = { lon: 113.22, lat: 23.4 };
    const ring = circlePolygon(c, 700, 32).coordinates[0]!;
    expect(ring).toHaveLength(33);
    expect(ring[0]).toEqual(ring[32]);
    for (const p of ring) expect(distanceM([c.lon, c.lat], p as [number, number])).toBeCloseTo(700, 0);
  });
});

describe('groupStates', () => {
  it('takes the newest delivery of each group', () => {
    const s = groupStates([delivery(1, 'a', 'sent'), delivery(2, 'a', 'queued', 'Update'), delivery(3, 'b', 'failed')]);
    expect(s.get('a')).toBe('queued');
    expect(s.get('b')).toBe('failed');
  });

  it('shows a forwarded group as forwarded while its newest message is the one forwarded', () => {
    expect(groupStates([delivery(1, 'a', 'acknowledged')]).get('a')).toBe('acknowledged');
    // A Cancel after the forwarded Alert: the group has to forward the retraction too.
    expect(groupStates([delivery(1, 'a', 'acknowledged'), delivery(2, 'a', 'sent', 'Cancel')]).get('a')).toBe('sent');
  });
});

describe('groupFeatures', () => {
  const area: GeoJSON.Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 0],
      ],
    ],
  };
  const g = (id: string): Group => ({
    id,
    name: id,
    channel: 'wecom',
    gridName: null,
    memberCount: 3,
    area,
    liaisonId: null,
    liaisonName: null,
    officerId: null,
    officerName: null,
    lastTest: null,
    disabled: false,
    hasCredentials: true,
    credentialsHint: null,
    createdAt: '2026-01-01T00:00:00.000Z',
  });

  it('draws only groups that got this alert, coloured by state', () => {
    const f = groupFeatures([g('a'), g('b')], [delivery(1, 'a', 'failed')], (x) => x.name) as {
      properties: { id: string; colour: string; state: string };
    }[];
    expect(f).toHaveLength(1);
    expect(f[0]!.properties).toMatchObject({ id: 'a', state: 'failed', colour: '#c62828' });
  });
});

describe('tipFeatures', () => {
  it('skips tips without a place and colours by the useful mark', () => {
    const base: Tip = {
      id: 1,
      seq: 1,
      alertId: 'alert-1',
      seenAt: '',
      receivedAt: '',
      location: { lon: 1, lat: 2, accuracyM: null },
      text: 'x',
      phone: null,
      photoId: null,
      useful: true,
      markedBy: null,
      markedAt: null,
    };
    const f = tipFeatures([base, { ...base, id: 2, location: null }]) as { properties: { colour: string } }[];
    expect(f).toHaveLength(1);
    expect(f[0]!.properties.colour).toBe('#2e7d32');
  });
});

describe('groupLabelFeatures', () => {
  it('puts one label at the middle of each area', () => {
    const f = groupLabelFeatures([
      {
        type: 'Feature',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [2, 0],
              [2, 4],
              [0, 0],
            ],
          ],
        },
        properties: { label: '花川' },
      },
    ]) as { geometry: { coordinates: number[] }; properties: { label: string } }[];
    expect(f).toEqual([
      { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] }, properties: { label: '花川' } },
    ]);
  });
});
