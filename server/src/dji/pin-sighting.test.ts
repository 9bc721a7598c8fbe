import { describe, expect, it } from 'vitest';
import type { DjiContent } from '@lookout/contracts';
import { colourName, djiBrokerUrl, isNullIsland, nameUuid, pinKind, pinNote, pinReadingId } from './pin-sighting.ts';

const point = (lon: number, lat: number): DjiContent => ({
  type: 'Feature',
  properties: {},
  geometry: { type: 'Point', coordinates: [lon, lat] },
});

describe('colourName', () => {
  it('reads DJI colours in every spelling DJI uses', () => {
    expect(colourName('#E23C39')).toBe('red');
    expect(colourName('0xe23c39')).toBe('red');
    expect(colourName('2D8CF0')).toBe('blue');
  });
  it('gives null for another colour or none', () => {
    expect(colourName('#0091FF')).toBeNull();
    expect(colourName(undefined)).toBeNull();
  });
});

describe('pinKind', () => {
  it('takes the kind from words in the name first', () => {
    expect(pinKind('发现人员', '#2D8CF0')).toBe('person');
    expect(pinKind('一群人', undefined)).toBe('group');
    expect(pinKind('白色车辆', '#E23C39')).toBe('vehicle');
    expect(pinKind('red backpack', undefined)).toBe('object');
  });
  it('makes a red pin without words a person, any other colour "other"', () => {
    expect(pinKind('Pin 3', '#E23C39')).toBe('person');
    expect(pinKind('Pin 3', '#19BE6B')).toBe('other');
  });
});

describe('pinNote', () => {
  it('says where the sighting came from, with the name and colour', () => {
    expect(pinNote('发现人员', '#E23C39', 'pilot7')).toBe('DJI Pilot 2 pin "发现人员" (red) by pilot7');
  });
});

describe('isNullIsland', () => {
  it('spots 0,0 anywhere in the geometry', () => {
    expect(isNullIsland(point(0, 0))).toBe(true);
    expect(isNullIsland(point(120.07, 28.95))).toBe(false);
  });
});

describe('pinReadingId / nameUuid', () => {
  it('keeps a UUID element id and makes a stable UUID from any other', () => {
    expect(pinReadingId('6D5DA7B4-AC39-42BF-9580-4C8A94C11989')).toBe('6d5da7b4-ac39-42bf-9580-4c8a94c11989');
    const made = pinReadingId('pin-17');
    expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pinReadingId('pin-17')).toBe(made);
    expect(nameUuid('a', 'b')).not.toBe(nameUuid('a', 'c'));
  });
});

describe('djiBrokerUrl', () => {
  it('spells mqtt:// as tcp:// and mqtts:// as ssl://, leaves ws:// alone', () => {
    expect(djiBrokerUrl('mqtt://10.0.0.5:1883')).toBe('tcp://10.0.0.5:1883');
    expect(djiBrokerUrl('mqtts://lookout.example:8883')).toBe('ssl://lookout.example:8883');
    expect(djiBrokerUrl('ws://10.0.0.5:8083/mqtt')).toBe('ws://10.0.0.5:8083/mqtt');
  });
});
