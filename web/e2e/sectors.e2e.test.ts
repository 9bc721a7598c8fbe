/**
 * Search sectors, in Debian's Chromium against the real server (embedded PGlite + aedes, fresh data folder, a local
 * basemap): the commander opens a lost-hiker case with an IPP, splits its 50 % ring into 1 km sectors (drawn on the
 * map and listed in the panel), assigns the north-western one to an officer's unit and sets it 搜索中; the pilot
 * flying a drone for the case sets the sector assigned to it 搜索中 from his panel and the commander's list shows it;
 * a sector drawn over them is refused with the overlap named. The officer's phone (360×640) outlines his sector and, standing
 * at the IPP outside it, says which way and how far its edge is. The commander redraws a sector's outline (改边界):
 * Esc keeps it, 完成 changes its area and keeps its name; a new outline over a neighbour is refused, the neighbour named.
 * Screenshots: docs/screenshots/sectors-commander-desk.png (1280×800), sectors-officer-phone.png (360×640).
 */
import type { GeoJSONSource } from 'maplibre-gl';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { SectorFeature, SectorsCollection } from '@lookout/contracts';
import { mapReady, shot, startE2eLookout } from './e2e-lookout.ts';
import { PHONE } from './harness.ts';
import { newOfficer, offset, openCase } from './seed.ts';

const IPP = { lon: 120.07, lat: 28.95 };
const TITLE = '笔架山 西坡 两名驴友走失（区块搜索）';

const e2e = startE2eLookout({ name: 'sectors', roles: ['commander', 'officer', 'pilot', 'admin'] });

/** Features in a map source. */
const sourceCount = (page: Page, id: string) =>
  page.evaluate(async (id) => {
    const src = window.__lookout?.map?.getSource(id) as GeoJSONSource | undefined;
    if (!src) return -1;
    return ((await src.getData()) as GeoJSON.FeatureCollection).features.length;
  }, id);

/** Where WGS-84 points are on the page (the test basemap is WGS-84). */
const pagePoints = (page: Page, pts: { lon: number; lat: number }[]) =>
  page.evaluate((pts) => {
    const map = window.__lookout!.map!;
    const rect = map.getCanvas().getBoundingClientRect();
    return pts.map((p) => {
      const px = map.project([p.lon, p.lat]);
      return { x: rect.left + px.x, y: rect.top + px.y };
    });
  }, pts);

/** The IPP at a zoom, right of the case panel (the map panned 220 px west). */
async function viewIpp(page: Page, zoom: number): Promise<void> {
  await page.evaluate(
    ({ ipp, zoom }) => {
      const map = window.__lookout!.map!;
      map.jumpTo({ center: [ipp.lon, ipp.lat], zoom });
      map.panBy([-220, 0], { animate: false });
    },
    { ipp: IPP, zoom },
  );
}

describe('search sectors', () => {
  it('the commander splits the 50 % ring, assigns a sector and sets its status; the officer sees his sector', async () => {
    const officer = await newOfficer(e2e, '区块 民警');
    const caseId = await openCase(e2e, TITLE, { ipp: { ...IPP, datum: 'wgs84' }, terrain: 'temperate_mountain' });
    const commander = await e2e.api('commander');
    const sent = await commander('POST', `/cases/${caseId}/assignments`, {
      unitId: officer.unitId,
      target: { kind: 'point', ...offset(IPP, -1500, 1500), datum: 'wgs84' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);

    const page = await e2e.newPage('commander', '#/map');
    await mapReady(page);
    await page.getByTestId('cases-toggle').click();
    await page.getByTestId('cases-panel').locator('button', { hasText: TITLE }).click();
    const section = page.getByTestId('sectors-section');
    await section.waitFor();
    await expect.poll(() => section.textContent()).toContain('还没有区块');

    // 划分区块: the 50 % ring (3.1 km for a hiker in temperate mountains) into 1 km cells.
    await expect.poll(() => section.getByTestId('sector-ring').inputValue()).toBe('50');
    await section.getByTestId('sector-cell').fill('1000');
    await section.getByTestId('sector-split').click();
    await section.getByTestId('sector-split-done').waitFor({ timeout: 60_000 });
    const rows = section.getByTestId('sector-row');
    const listed = await commander<SectorsCollection>('GET', `/cases/${caseId}/sectors`);
    const count = listed.body.features.length;
    // π·3.1² km² ≈ 30 cells of 1 km², plus the clipped cells along the rim.
    expect(count).toBeGreaterThan(30);
    expect(count).toBeLessThan(45);
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(count);
    await expect.poll(() => sourceCount(page, 'sectors'), { timeout: 30_000 }).toBe(count);
    await expect.poll(() => section.textContent()).toContain(`${count} 个区块，已搜 0 个`);

    // A1 (the north-west) to the officer's unit, then 搜索中.
    const a1 = section.locator('[data-testid=sector-row][data-name=A1]');
    await a1.getByTestId('sector-assignee').selectOption(`unit:${officer.unitId}`);
    await expect
      .poll(() => a1.getByTestId('sector-assignee').inputValue(), { timeout: 30_000 })
      .toBe(`unit:${officer.unitId}`);
    await a1.getByTestId('sector-status').selectOption('searching');
    await expect.poll(() => a1.getAttribute('data-status'), { timeout: 30_000 }).toBe('searching');
    const after = await commander<SectorsCollection>('GET', `/cases/${caseId}/sectors`);
    expect(after.body.features.find((f) => f.properties.name === 'A1')?.properties).toMatchObject({
      status: 'searching',
      assignee: { kind: 'unit', ref: officer.unitId, label: expect.any(String) as string },
    });
    // The steps are in the case's timeline.
    await page
      .getByTestId('case-timeline')
      .locator('[data-testid=timeline-event][data-type=sectors_split]')
      .waitFor({ timeout: 30_000 });

    // A2 to a drone the pilot flies for the case: he sets it 搜索中 from his panel, and the commander's list follows.
    const drone = await (
      await e2e.api('admin')
    )<{ id: string }>('POST', '/drones', {
      callsign: `区块-${randomUUID().slice(0, 4)}`,
    });
    expect(drone.status, JSON.stringify(drone.body)).toBe(201);
    const joined = await (await e2e.api('pilot'))('POST', `/cases/${caseId}/drones`, { droneId: drone.body.id });
    expect(joined.status, JSON.stringify(joined.body)).toBeLessThan(300);
    const a2Id = listed.body.features.find((f) => f.properties.name === 'A2')!.id;
    const toDrone = await commander('PATCH', `/cases/${caseId}/sectors/${a2Id}`, {
      assignee: { kind: 'drone', ref: drone.body.id },
    });
    expect(toDrone.status, JSON.stringify(toDrone.body)).toBe(200);
    const a2 = section.locator('[data-testid=sector-row][data-name=A2]');
    await expect
      .poll(() => a2.getByTestId('sector-assignee').inputValue(), { timeout: 30_000 })
      .toBe(`drone:${drone.body.id}`);
    const pilotPage = await e2e.newPage('pilot', '#/map');
    await mapReady(pilotPage);
    await pilotPage.getByTestId('pilot-toggle').click();
    await pilotPage.locator('[data-testid=pilot-cases] button', { hasText: TITLE }).click();
    const mine = pilotPage.getByTestId('pilot-sectors');
    const pilotA2 = mine.locator('[data-testid=sector-row][data-name=A2]');
    await pilotA2.waitFor({ timeout: 30_000 });
    // Only his drone's sector: A1 is the officer's.
    await expect.poll(() => mine.getByTestId('sector-row').count()).toBe(1);
    await pilotA2.getByTestId('sector-status').selectOption('searching');
    await expect.poll(() => pilotA2.getAttribute('data-status'), { timeout: 30_000 }).toBe('searching');
    await expect.poll(() => a2.getAttribute('data-status'), { timeout: 30_000 }).toBe('searching');
    await expect.poll(() => a2.getByTestId('sector-status').inputValue()).toBe('searching');
    await pilotPage.close();

    // Right of the panel, draw a sector over the split ones, a click at a time: refused, the overlap named.
    await viewIpp(page, 14);
    await section.getByTestId('sector-draw').click();
    await section.getByTestId('sector-drawing').waitFor();
    const corners = await pagePoints(page, [offset(IPP, -400, -300), offset(IPP, 400, -300), offset(IPP, 0, 400)]);
    for (const [i, c] of corners.entries()) {
      await page.mouse.click(c.x, c.y);
      // The points, and the outline from the second one on.
      await expect.poll(() => sourceCount(page, 'sector-draft')).toBe(i + 1 + (i >= 1 ? 1 : 0));
    }
    await section.getByTestId('sector-finish').click();
    await expect.poll(() => section.getByTestId('sector-error').textContent(), { timeout: 30_000 }).toMatch(/重叠/);
    expect((await commander<SectorsCollection>('GET', `/cases/${caseId}/sectors`)).body.features.length).toBe(count);

    // A1 picked in the list: highlighted on the map.
    await a1.locator('.sector-name').click();
    await expect.poll(() => a1.getAttribute('class')).toContain('selected');
    await viewIpp(page, 12.6);
    await shot(page, 'sectors-commander-desk.png');

    // The officer's phone at the IPP, south-east of A1 (the north row's second cell: the first is a sliver, dropped): his sector outlined, and the way to its edge.
    const ctx = await e2e.newContext({
      ...PHONE,
      geolocation: { latitude: IPP.lat, longitude: IPP.lon, accuracy: 10 },
      permissions: ['geolocation'],
    });
    const phone = await ctx.newPage();
    await e2e.login(phone, officer.account);
    const line = phone.getByTestId('officer-sector');
    await line.waitFor({ timeout: 120_000 });
    await expect.poll(() => line.getAttribute('data-name')).toBe('A1');
    await expect.poll(() => line.getAttribute('data-inside'), { timeout: 60_000 }).toBe('false');
    await expect.poll(() => line.getByTestId('sector-status').inputValue()).toBe('searching');
    await expect.poll(() => line.textContent()).toMatch(/区块外 · 北偏西 [\d.]+ 公里 到边界/);
    // A1's nearest corner is 1.1 km west and 2.1 km north of the IPP: 2.4 km, bearing 332° (北偏西).
    const toEdge = Number(await line.getAttribute('data-m'));
    expect(toEdge).toBeGreaterThan(2200);
    expect(toEdge).toBeLessThan(2600);
    await expect.poll(() => sourceCount(phone, 'sectors')).toBe(1);
    await expect.poll(() => sourceCount(phone, 'officer-sector-way')).toBe(1);
    await expect
      .poll(() => phone.getByTestId('officer-page').getAttribute('data-map-ready'), { timeout: 120_000 })
      .toBe('true');
    await shot(phone, 'sectors-officer-phone.png');

    // Done with it, he marks it 已搜 on his phone; the case's sectors say so.
    await line.getByTestId('sector-status').selectOption('searched');
    await expect
      .poll(
        async () =>
          (await commander<SectorsCollection>('GET', `/cases/${caseId}/sectors`)).body.features.find(
            (f) => f.properties.name === 'A1',
          )?.properties.status,
        { timeout: 30_000 },
      )
      .toBe('searched');
    await expect.poll(() => line.getByTestId('sector-status').inputValue()).toBe('searched');
    expect(e2e.errors).toEqual([]);
  }, 480_000);
  it('the commander redraws a sector outline (改边界): area changes, name kept; an overlap with a neighbour is refused', async () => {
    const title = '笔架山 北坡 驴友走失（改边界）';
    const caseId = await openCase(e2e, title, { ipp: { ...IPP, datum: 'wgs84' }, terrain: 'temperate_mountain' });
    const commander = await e2e.api('commander');
    /** A closed rectangle between two corners given in metres east and north of the IPP. */
    const rect = (w: number, s: number, e: number, n: number) => {
      const ring = [offset(IPP, w, s), offset(IPP, e, s), offset(IPP, e, n), offset(IPP, w, n)].map((p) => [
        p.lon,
        p.lat,
      ]);
      return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
    };
    const r1 = await commander<SectorFeature>('POST', `/cases/${caseId}/sectors`, {
      name: 'R1',
      priority: 1,
      geometry: rect(-300, -300, 300, 300),
    });
    expect(r1.status, JSON.stringify(r1.body)).toBe(201);
    const r2 = await commander('POST', `/cases/${caseId}/sectors`, {
      name: 'R2',
      geometry: rect(-900, -300, -300, 300),
    });
    expect(r2.status, JSON.stringify(r2.body)).toBe(201);
    const r1Now = async () =>
      (await commander<SectorsCollection>('GET', `/cases/${caseId}/sectors`)).body.features.find(
        (f) => f.id === r1.body.id,
      )!;

    const page = await e2e.newPage('commander', '#/map');
    await mapReady(page);
    await page.getByTestId('cases-toggle').click();
    await page.getByTestId('cases-panel').locator('button', { hasText: title }).click();
    const section = page.getByTestId('sectors-section');
    const row = section.locator('[data-testid=sector-row][data-name=R1]');
    await row.waitFor({ timeout: 30_000 });
    await viewIpp(page, 15);
    /** Selects R1, 改边界, clicks the corners; the old outline is faint (hi -1) while drawing. */
    const redraw = async (corners: { lon: number; lat: number }[]) => {
      if (!(await row.getAttribute('class'))?.includes('selected')) await row.locator('.sector-name').click();
      await row.getByTestId('sector-reshape').click();
      await expect.poll(() => section.getByTestId('sector-drawing').textContent()).toContain('重画 R1 的边界');
      await expect
        .poll(() =>
          page.evaluate(async (id) => {
            const src = window.__lookout!.map!.getSource('sectors') as GeoJSONSource;
            const fc = (await src.getData()) as GeoJSON.FeatureCollection;
            return fc.features.find((f) => f.properties?.id === id)?.properties?.hi;
          }, r1.body.id),
        )
        .toBe(-1);
      // Fly to the corners again: the map may have moved to the sector when it was picked.
      await viewIpp(page, 15);
      for (const [i, c] of (await pagePoints(page, corners)).entries()) {
        await page.mouse.click(c.x, c.y);
        await expect.poll(() => sourceCount(page, 'sector-draft')).toBe(i + 1 + (i >= 1 ? 1 : 0));
      }
    };

    // Esc leaves it as it was.
    await redraw([offset(IPP, -100, -100), offset(IPP, 100, -100)]);
    await page.keyboard.press('Escape');
    await section.getByTestId('sector-drawing').waitFor({ state: 'detached' });
    expect((await r1Now()).geometry.coordinates).toEqual(r1.body.geometry.coordinates);

    // A new outline north of the old one, over part of it: 500 × 600 m instead of 600 × 600 m.
    await redraw([offset(IPP, -300, -100), offset(IPP, 200, -100), offset(IPP, 200, 500), offset(IPP, -300, 500)]);
    await section.getByTestId('sector-finish').click();
    await expect.poll(async () => Math.round((await r1Now()).properties.areaM2 / 10_000), { timeout: 30_000 }).toBe(30);
    const reshaped = await r1Now();
    expect(reshaped.properties).toMatchObject({ name: 'R1', priority: 1, status: 'unsearched' });
    await expect.poll(() => row.getByTestId('sector-area').textContent()).toMatch(/平方/);
    await page
      .getByTestId('case-timeline')
      .locator('[data-testid=timeline-event][data-type=sector_changed]', { hasText: 'R1：改了边界' })
      .waitFor({ timeout: 30_000 });

    // 150 m into R2 (west of R1; the drone list covers the map's right side): refused with R2 named, and R1 stays as it was.
    await redraw([offset(IPP, -450, -100), offset(IPP, 200, -100), offset(IPP, 200, 200), offset(IPP, -450, 200)]);
    await section.getByTestId('sector-finish').click();
    await expect
      .poll(() => section.getByTestId('sector-error').textContent(), { timeout: 30_000 })
      .toMatch(/与 R2 重叠/);
    expect((await r1Now()).geometry.coordinates).toEqual(reshaped.geometry.coordinates);
    expect(e2e.errors).toEqual([]);
  }, 240_000);
});
