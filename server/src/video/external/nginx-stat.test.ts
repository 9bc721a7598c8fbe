import { describe, expect, it } from 'vitest';
import { parseNginxRtmpStat } from './nginx-stat.ts';

/** As Debian's nginx 1.22 with nginx-rtmp 1.1.4 printed it for one push (trimmed to what is read). */
const page = (streams: string, app = 'live') => `<?xml version="1.0" encoding="utf-8" ?>
<rtmp><nginx_version>1.22.1</nginx_version><bytes_in>198079</bytes_in>
<server><application><name>${app}</name><live>${streams}<nclients>1</nclients></live></application></server></rtmp>`;
const stream = (name: string, bytes: number, extra = '<publishing/>') => `<stream><name>${name}</name>
<time>3728</time><bw_in>0</bw_in><bytes_in>${bytes}</bytes_in>
<client><id>1</id><address>127.0.0.1</address><publishing/><active/></client>
<meta><video><width>320</width><height>180</height><frame_rate>15</frame_rate><codec>H264</codec></video><audio></audio></meta>
<nclients>1</nclients>${extra}<active/></stream>`;

describe('parseNginxRtmpStat', () => {
  it('reads each publishing stream of the live application: bytes in, size and codec', () => {
    const one = parseNginxRtmpStat(page(stream('d-1', 197094)));
    expect([...one.values()]).toEqual([{ stream: 'd-1', bytesIn: 197094, width: 320, height: 180, codec: 'H264' }]);
    const two = parseNginxRtmpStat(page(stream('d-1', 5) + stream('d-2', 7)));
    expect([...two.keys()]).toEqual(['d-1', 'd-2']);
  });

  it('leaves out a stream with only players, and other applications', () => {
    expect(parseNginxRtmpStat(page(stream('d-1', 5, ''))).size).toBe(0);
    expect(parseNginxRtmpStat(page(stream('d-1', 5), 'other')).size).toBe(0);
    expect(parseNginxRtmpStat(page('')).size).toBe(0);
  });

  it('refuses a page that is not nginx-rtmp statistics', () => {
    expect(() => parseNginxRtmpStat('<html><body>403 Forbidden</body></html>')).toThrow(/nginx-rtmp statistics/);
    expect(() => parseNginxRtmpStat('')).toThrow(/nginx-rtmp statistics/);
  });
});
