import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { basemapChoices, choiceTileUrls } from './basemap-choices.ts';

const fallback = { kind: 'fallback' } as const;

describe('basemapChoices', () => {
  it('offers nothing but the offline sketch when no basemap is set', () => {
    expect(basemapChoices({ main: fallback, mainDatum: 'wgs84', extra: [], tiandituKey: undefined })).toEqual([]);
  });

  it('puts the station’s own first, then BASEMAPS, then 天地图’s three with their annotation layers', () => {
    const choices = basemapChoices({
      main: { kind: 'xyz', url: 'https://amap.lan/{z}/{x}/{y}.png' },
      mainDatum: 'gcj02',
      extra: [{ name: '卫星', kind: 'satellite', url: 'https://sat.lan/{z}/{x}/{y}.jpg', datum: 'wgs84' }],
      tiandituKey: 'abcdef0123456789',
    });
    expect(choices.map((c) => [c.id, c.kind, c.source.datum])).toEqual([
      ['station', 'street', 'gcj02'],
      ['extra-1', 'satellite', 'wgs84'],
      ['tianditu-vec', 'street', 'wgs84'],
      ['tianditu-img', 'satellite', 'wgs84'],
      ['tianditu-ter', 'terrain', 'wgs84'],
    ]);
    const img = choices[3]!.source;
    expect(img.url).toContain('https://t{0-7}.tianditu.gov.cn/img_w/wmts?');
    expect(img.url).toContain('TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=abcdef0123456789');
    expect(img.labels).toContain('/cia_w/wmts?');
    expect(choiceTileUrls(choices)).toHaveLength(1 + 1 + 6);
  });
});

describe('BASEMAPS and TIANDITU_KEY', () => {
  it('reads a JSON list of basemaps, with WGS-84 as the default datum', () => {
    const c = loadConfig({
      BASEMAPS: JSON.stringify([{ name: '高德', kind: 'street', url: 'https://a.lan/{z}/{x}/{y}', datum: 'gcj02' }]),
    });
    expect(c.extraBasemaps).toEqual([
      { name: '高德', kind: 'street', url: 'https://a.lan/{z}/{x}/{y}', datum: 'gcj02' },
    ]);
    expect(loadConfig({}).extraBasemaps).toEqual([]);
  });

  it('names what is wrong: not JSON, a template without {z}/{x}/{y}, an unknown kind or datum, a bad key', () => {
    expect(() => loadConfig({ BASEMAPS: '[{name:' })).toThrow(/BASEMAPS/);
    expect(() =>
      loadConfig({ BASEMAPS: JSON.stringify([{ name: 'x', kind: 'street', url: 'https://a.lan/tile.png' }]) }),
    ).toThrow(/BASEMAPS.*\{z\}, \{x\} and \{y\}/s);
    expect(() =>
      loadConfig({ BASEMAPS: JSON.stringify([{ name: 'x', kind: 'roads', url: 'https://a.lan/{z}/{x}/{y}' }]) }),
    ).toThrow(/BASEMAPS/);
    expect(() =>
      loadConfig({
        BASEMAPS: JSON.stringify([{ name: 'x', kind: 'street', url: 'https://a.lan/{z}/{x}/{y}', datum: 'gcj-02' }]),
      }),
    ).toThrow(/BASEMAPS/);
    expect(() => loadConfig({ TIANDITU_KEY: 'k&evil=1' })).toThrow(/TIANDITU_KEY/);
  });
});
