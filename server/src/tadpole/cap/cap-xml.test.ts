import { describe, expect, it } from 'vitest';
import { capCircle, capDateTime, capPolygon, capReference, renderCapXml, type CapDocument } from './cap-xml.ts';

describe('CAP values', () => {
  it('formats dateTime with seconds and +08:00, no fraction, no Z', () => {
    expect(capDateTime(new Date('2026-05-01T23:30:05.678Z'))).toBe('2026-05-02T07:30:05+08:00');
  });

  it('writes polygons as closed lat,lon rings', () => {
    const s = capPolygon([
      [120, 28],
      [120.1, 28],
      [120.1, 28.1],
    ]);
    expect(s).toBe('28,120 28,120.1 28.1,120.1 28,120');
  });

  it('refuses a polygon with too few points', () => {
    expect(() => capPolygon([[120, 28]])).toThrow(/four/);
  });

  it('writes circles as lat,lon radius-km and never zero', () => {
    expect(capCircle({ lon: 120.5, lat: 28.25, radiusM: 700 })).toBe('28.25,120.5 0.700');
    expect(capCircle({ lon: 120.5, lat: 28.25, radiusM: 0 })).toBe('28.25,120.5 0.001');
  });

  it('builds a references triplet', () => {
    expect(capReference({ sender: 's@x', identifier: 'id-1', sent: new Date('2026-05-01T00:00:00Z') })).toBe(
      's@x,id-1,2026-05-01T08:00:00+08:00',
    );
  });
});

describe('renderCapXml', () => {
  const doc: CapDocument = {
    identifier: 'lookout-1',
    sender: 'tadpole@lookout.test',
    sent: new Date('2026-05-01T00:00:00Z'),
    status: 'Actual',
    msgType: 'Update',
    references: 'tadpole@lookout.test,lookout-0,2026-04-30T08:00:00+08:00',
    info: {
      language: 'zh-CN',
      event: '寻找走失儿童家属',
      urgency: 'Immediate',
      severity: 'Severe',
      certainty: 'Observed',
      expires: new Date('2026-05-04T00:00:00Z'),
      senderName: '永康市公安局',
      headline: 'h & <b>',
      description: 'd',
      instruction: null,
      web: 'https://x.test/t/abc',
      contact: '0579-1',
      resource: null,
      area: { areaDesc: '花都路', polygon: null, circle: { lon: 120, lat: 28, radiusM: 700 } },
    },
  };

  it('puts the elements in schema order and escapes text', () => {
    const xml = renderCapXml(doc);
    expect(xml).toContain('xmlns="urn:oasis:names:tc:emergency:cap:1.2"');
    expect(xml.indexOf('<msgType>Update')).toBeLessThan(xml.indexOf('<scope>'));
    expect(xml.indexOf('<scope>')).toBeLessThan(xml.indexOf('<references>'));
    expect(xml).toContain('<category>Rescue</category>');
    expect(xml).toContain('h &amp; &lt;b&gt;');
    expect(xml).toContain('<circle>28,120 0.700</circle>');
  });
});
