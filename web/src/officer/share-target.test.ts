import { describe, expect, it } from 'vitest';
import { sharedTarget } from './share-target.ts';

describe('sharedTarget', () => {
  // 三渡溪水库 on 笔架山: GCJ-02 is shifted a few hundred metres from WGS-84 there.
  const s = sharedTarget(120.0731, 28.9512, '目标');

  it('keeps the WGS-84 pair and its 度分秒', () => {
    expect(s.wgs84).toEqual({ lat: '28.951200', lon: '120.073100', latDms: '28°57′04.3″N', lonDms: '120°04′23.2″E' });
  });

  it('gives the GCJ-02 pair, shifted south-east by the national offset', () => {
    const dLon = Number(s.gcj02.lon) - 120.0731;
    const dLat = Number(s.gcj02.lat) - 28.9512;
    expect(dLon).toBeGreaterThan(0.003);
    expect(dLon).toBeLessThan(0.006);
    expect(dLat).toBeLessThan(-0.002);
    expect(dLat).toBeGreaterThan(-0.004);
  });

  it('links 高德 to the GCJ-02 point', () => {
    const u = new URL(s.amapUrl);
    expect(u.host).toBe('uri.amap.com');
    expect(u.pathname).toBe('/marker');
    expect(u.searchParams.get('position')).toBe(`${s.gcj02.lon},${s.gcj02.lat}`);
    expect(u.searchParams.get('coordinate')).toBe('gaode');
    expect(u.searchParams.get('name')).toBe('目标');
  });
});
