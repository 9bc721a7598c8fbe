import { expandingSquare, lawnmower, type LonLat } from './flight-pattern.ts';

/** One demo drone's mission over the 笔架山 / 三渡溪水库 hills near Yongkang, Zhejiang. */
export interface DemoMission {
  id: string;
  callsign: string;
  home: LonLat;
  /** Take-off point elevation, metres above mean sea level. */
  homeMsl: number;
  route: LonLat[];
  speed: number;
  altRel: number;
  /** Also publishes DJI Cloud API `osd` envelopes, so the DJI decoder runs in the demo. */
  djiOsd: boolean;
}

/** Centre of the demo area (lon, lat), also the map's default centre. */
export const DEMO_CENTRE: LonLat = [120.07, 28.95];

const base: DemoMission[] = [
  {
    id: 'demo-yingyan-1',
    callsign: '鹰眼-1',
    home: [120.0585, 28.9405],
    homeMsl: 210,
    route: lawnmower({
      corner: [120.0605, 28.9425],
      legBearing: 20,
      legM: 1_400,
      widthM: 640,
      spacingM: 80,
    }),
    speed: 8,
    altRel: 80,
    djiOsd: false,
  },
  {
    id: 'demo-yingyan-2',
    callsign: '鹰眼-2',
    home: [120.0705, 28.9465],
    homeMsl: 260,
    // Datum: a hiker's last known point on the ridge.
    route: expandingSquare({
      centre: [120.0725, 28.9535],
      firstBearing: 0,
      spacingM: 70,
      legs: 16,
    }),
    speed: 7,
    altRel: 70,
    djiOsd: true,
  },
  {
    id: 'demo-yingyan-3',
    callsign: '鹰眼-3',
    home: [120.0835, 28.9445],
    homeMsl: 190,
    route: lawnmower({
      corner: [120.0815, 28.9485],
      legBearing: 110,
      legM: 1_100,
      widthM: 560,
      spacingM: 70,
    }),
    speed: 9,
    altRel: 90,
    djiOsd: false,
  },
];

/**
 * `count` demo missions: the three above, then more lawnmower boxes stepped eastwards with the same pattern
 * (for load demos), callsigns 鹰眼-N.
 */
export function demoMissions(count = 3): DemoMission[] {
  const out: DemoMission[] = [];
  for (let i = 0; i < count; i++) {
    const b = base[i % base.length]!;
    if (i < base.length) {
      out.push(b);
      continue;
    }
    const shift = 0.02 * Math.floor(i / base.length);
    const move = ([lon, lat]: LonLat): LonLat => [lon + shift, lat];
    out.push({
      ...b,
      id: `demo-yingyan-${i + 1}`,
      callsign: `鹰眼-${i + 1}`,
      home: move(b.home),
      route: b.route.map(move),
      djiOsd: false,
    });
  }
  return out;
}
