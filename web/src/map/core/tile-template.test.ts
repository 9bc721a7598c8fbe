import { describe, expect, it } from 'vitest';
import { expandTemplate } from './tile-template.ts';

describe('expandTemplate', () => {
  it('expands a numeric host range such as 天地图 t{0-7}', () => {
    const urls = expandTemplate(
      'https://t{0-7}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=K',
    );
    expect(urls).toHaveLength(8);
    expect(urls[0]).toBe('https://t0.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=K');
    expect(urls[7]).toMatch(/^https:\/\/t7\./);
  });

  it('expands {s} into a, b, c', () => {
    expect(expandTemplate('https://{s}.tile.example/{z}/{x}/{y}.png')).toEqual([
      'https://a.tile.example/{z}/{x}/{y}.png',
      'https://b.tile.example/{z}/{x}/{y}.png',
      'https://c.tile.example/{z}/{x}/{y}.png',
    ]);
  });

  it('leaves a plain template alone', () => {
    expect(expandTemplate('http://10.0.0.5/pgis/{z}/{x}/{y}.png')).toEqual(['http://10.0.0.5/pgis/{z}/{x}/{y}.png']);
  });
});
