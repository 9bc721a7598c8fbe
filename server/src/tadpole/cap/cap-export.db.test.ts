import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../testing/case-factories.ts';
import { sessionFor, startHarness, type Harness } from '../../testing/harness.ts';
import { createAlert, lonelySpot, offset } from '../testing/tadpole-fixtures.ts';

/** Every CAP message type validates against the OASIS CAP 1.2 schema (xmllint); the GeoJSON export is RFC 7946. */
const XSD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'CAP-v1.2.xsd');
const dir = mkdtempSync(path.join(tmpdir(), 'tadpole-cap-'));
let h: Harness;
let officer: string;

beforeAll(async () => {
  h = await startHarness();
  officer = await sessionFor(h, 'officer');
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

/** xmllint's verdict: null when valid, else its complaint. */
function schemaErrors(xml: string, name: string): string | null {
  const file = path.join(dir, `${name}.xml`);
  writeFileSync(file, xml);
  try {
    execFileSync('/usr/bin/xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    return null;
  } catch (err) {
    return String((err as { stderr?: Buffer }).stderr ?? err);
  }
}

describe('CAP 1.2 export', () => {
  it('Alert, Update and Cancel are valid CAP 1.2 and reference the earlier messages', async () => {
    const at = lonelySpot();
    const a = await createAlert(h, officer, at, { kind: 'lost_child', placeText: '花都路 & 花川路口 <东>' });
    expect((await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer })).status).toBe(200);
    expect(
      (await call(h, 'PATCH', `/api/v1/tadpole/alerts/${a.id}`, { cookie: officer, body: { clothing: '红色外套' } }))
        .status,
    ).toBe(200);
    expect(
      (
        await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/found`, {
          cookie: officer,
          body: { location: { ...offset(at, 400), datum: 'wgs84' } },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/handover`, { cookie: officer, body: {} })).status,
    ).toBe(200);
    expect(
      (await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/retract`, { cookie: officer, body: {} })).status,
    ).toBe(200);

    const detail = await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}`, { cookie: officer });
    const msgs = detail.body.capMessages as { id: number; msgType: string; identifier: string }[];
    expect(msgs.map((m) => m.msgType)).toEqual(['Alert', 'Update', 'Cancel']);
    for (const [i, m] of msgs.entries()) {
      const res = await fetch(`${h.base}/api/v1/tadpole/alerts/${a.id}/cap.xml?message=${m.id}`, {
        headers: { cookie: officer },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/cap+xml');
      const xml = await res.text();
      expect(schemaErrors(xml, m.msgType), xml).toBeNull();
      expect(xml).toContain(`<msgType>${m.msgType}</msgType>`);
      expect(xml).toContain('<category>Rescue</category>');
      expect(xml).toMatch(/<expires>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00<\/expires>/);
      expect(xml).toMatch(/<polygon>(-?[\d.]+,-?[\d.]+ ){4,}-?[\d.]+,-?[\d.]+<\/polygon>/);
      for (const earlier of msgs.slice(0, i)) expect(xml).toContain(`,${earlier.identifier},`);
      if (m.msgType === 'Cancel') expect(xml).toContain('已找到，请删除转发');
    }
    // The polygon is closed and in lat,lon order.
    const latest = await (
      await fetch(`${h.base}/api/v1/tadpole/alerts/${a.id}/cap.xml`, { headers: { cookie: officer } })
    ).text();
    const pairs = /<polygon>([^<]+)<\/polygon>/.exec(latest)![1]!.split(' ');
    expect(pairs[0]).toBe(pairs.at(-1));
    const [lat, lon] = pairs[0]!.split(',').map(Number);
    expect(Math.abs(lat! - at.lat)).toBeLessThan(0.1);
    expect(Math.abs(lon! - at.lon)).toBeLessThan(0.1);
  });

  it('the schema check can fail: a message with a bad msgType is refused', async () => {
    const a = await createAlert(h, officer, lonelySpot());
    await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer });
    const xml = await (
      await fetch(`${h.base}/api/v1/tadpole/alerts/${a.id}/cap.xml`, { headers: { cookie: officer } })
    ).text();
    expect(schemaErrors(xml, 'good')).toBeNull();
    expect(schemaErrors(xml.replace('<msgType>Alert</msgType>', '<msgType>Bogus</msgType>'), 'bad')).toMatch(/msgType/);
    expect(schemaErrors(xml.replace(/\+08:00<\/sent>/, 'Z</sent>'), 'badsent')).toMatch(/sent/);
  });

  it('answers 404 for an alert that sent nothing', async () => {
    const a = await createAlert(h, officer, lonelySpot());
    expect((await call(h, 'GET', `/api/v1/tadpole/alerts/${a.id}/cap.xml`, { cookie: officer })).status).toBe(404);
  });
});

describe('GeoJSON export', () => {
  it('holds the point, each notified area, the tips (no phone) and the find', async () => {
    const at = lonelySpot();
    const a = await createAlert(h, officer, at, { kind: 'lost_child' });
    await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/verify`, { cookie: officer });
    await call(h, 'POST', `/api/v1/public/alerts/${a.token}/tips`, {
      body: {
        idempotencyKey: 'geo-tip-001',
        text: '见过',
        phone: '13912345678',
        location: { source: 'device', ...offset(at, 200), datum: 'wgs84' },
      },
    });
    await call(h, 'POST', `/api/v1/tadpole/alerts/${a.id}/found`, {
      cookie: officer,
      body: { location: { ...offset(at, 300), datum: 'wgs84' } },
    });
    const res = await fetch(`${h.base}/api/v1/tadpole/alerts/${a.id}/export.geojson`, { headers: { cookie: officer } });
    expect(res.headers.get('content-type')).toContain('application/geo+json');
    const fc = (await res.json()) as {
      type: string;
      features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[];
    };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.properties.role)).toEqual(['last_seen', 'area', 'tip', 'found']);
    expect(JSON.stringify(fc)).not.toContain('13912345678');
    const area = fc.features[1]!.geometry.coordinates as [number, number][][];
    const ring = area[0]!;
    expect(ring[0]).toEqual(ring.at(-1));
    // RFC 7946: exterior rings counter-clockwise (positive shoelace area).
    let s = 0;
    for (let i = 0; i < ring.length - 1; i++) s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
    expect(s).toBeGreaterThan(0);
    expect(fc.features[3]!.properties.distanceM).toBeGreaterThan(250);
  });
});
