import gcoord from 'gcoord';
import { formatDms } from '../geo/dms.ts';

/**
 * What 分享目标 hands on: the target in WGS-84 (what GPS devices and our own map use) and in GCJ-02 (what 高德 and
 * WeChat's map use; a WGS-84 pair pasted there lands a few hundred metres off), and a link that opens 高德 on it.
 */
export interface SharedTarget {
  wgs84: { lat: string; lon: string; latDms: string; lonDms: string };
  gcj02: { lat: string; lon: string };
  /** 高德's URI API: a marker at the GCJ-02 point (`coordinate=gaode`), in the app when the phone has it. */
  amapUrl: string;
}

export function sharedTarget(lon: number, lat: number, name: string): SharedTarget {
  const [glon, glat] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02);
  const gcj = { lon: glon.toFixed(6), lat: glat.toFixed(6) };
  const q = new URLSearchParams({
    position: `${gcj.lon},${gcj.lat}`,
    name,
    coordinate: 'gaode',
    callnative: '1',
  });
  return {
    wgs84: { lat: lat.toFixed(6), lon: lon.toFixed(6), latDms: formatDms(lat, 'lat'), lonDms: formatDms(lon, 'lon') },
    gcj02: gcj,
    amapUrl: `https://uri.amap.com/marker?${q.toString()}`,
  };
}
