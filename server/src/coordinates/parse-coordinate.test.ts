import { describe, expect, it } from 'vitest';
import { CoordinateParseError, parseCoordinate } from './parse-coordinate.ts';

describe('parseCoordinate', () => {
  it.each([
    ['28.95, 120.07', 120.07, 28.95],
    ['120.07,28.95', 120.07, 28.95],
    ['28.95，120.07', 120.07, 28.95],
    ['N28.95 E120.07', 120.07, 28.95],
    ['北纬28.95 东经120.07', 120.07, 28.95],
    ['-33.86, 151.2', 151.2, -33.86],
  ])('reads decimal degrees %s', (text, lon, lat) => {
    const p = parseCoordinate(text);
    expect(p.format).toBe('decimal');
    expect(p.lon).toBeCloseTo(lon, 9);
    expect(p.lat).toBeCloseTo(lat, 9);
    expect(p.impliedDatum).toBeNull();
  });

  it.each([
    [`28°57'00"N 120°04'12"E`, 120.07, 28.95],
    ['北纬28度57分0秒 东经120度4分12秒', 120.07, 28.95],
    [`28°57.0' 120°4.2'`, 120.07, 28.95],
    [`33°51'36"S 151°12'E`, 151.2, -33.86],
  ])('reads 度分秒 %s', (text, lon, lat) => {
    const p = parseCoordinate(text);
    expect(p.format).toBe('dms');
    expect(p.lon).toBeCloseTo(lon, 5);
    expect(p.lat).toBeCloseTo(lat, 5);
  });

  it('reads MGRS as WGS-84', () => {
    const p = parseCoordinate('51RTN 14414 05982');
    expect(p.format).toBe('mgrs');
    expect(p.lon).toBeCloseTo(120.07, 4);
    expect(p.lat).toBeCloseTo(28.95, 4);
    expect(p.impliedDatum).toBe('wgs84');
  });

  it('reads an AMap share as GCJ-02 (lon,lat order)', () => {
    const p = parseCoordinate('我在这里 https://uri.amap.com/marker?position=120.0749,28.9475&name=三渡溪');
    expect(p).toMatchObject({ format: 'amap', impliedDatum: 'gcj02', lon: 120.0749, lat: 28.9475 });
  });

  it('reads a WeChat/Tencent share as GCJ-02 (lat,lng order)', () => {
    const p = parseCoordinate('https://apis.map.qq.com/uri/v1/marker?marker=coord:28.9475,120.0749;title:位置');
    expect(p).toMatchObject({ format: 'tencent', impliedDatum: 'gcj02', lon: 120.0749, lat: 28.9475 });
  });

  it('reads a Baidu share as BD-09 unless it says otherwise', () => {
    expect(parseCoordinate('http://api.map.baidu.com/marker?location=28.95,120.08&title=x')).toMatchObject({
      impliedDatum: 'bd09',
      lon: 120.08,
      lat: 28.95,
    });
    expect(parseCoordinate('http://api.map.baidu.com/marker?location=28.95,120.08&coord_type=gcj02').impliedDatum).toBe(
      'gcj02',
    );
  });

  it.each([
    '',
    'somewhere on the hill',
    '91, 120',
    '28.95, 181',
    `28°75'00"N 120°04'E`,
    'https://surl.amap.com/abc123',
    'https://apis.map.qq.com/uri/v1/marker?marker=title:x',
    '51RZZ',
    'NaN, 120',
    'x'.repeat(3000),
  ])('refuses %j with a reason', (text) => {
    expect(() => parseCoordinate(text)).toThrow(CoordinateParseError);
  });
});
