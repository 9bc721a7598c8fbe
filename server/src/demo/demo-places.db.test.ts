import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@lookout/db';
import { openTestDatabase } from '@lookout/db/testing';
import { createPlacesRepo } from '../places/places.repo.ts';
import { createPlacesService, type PlacesService } from '../places/places.service.ts';
import { DEMO_PLACES_SOURCE, importDemoPlaces } from './demo-places.ts';
import { DEMO_FOUND_POINT } from '../tadpole/demo/found-child-scenario.ts';
import { DEMO_IPP } from './lost-hikers-scenario.ts';

const log = pino({ level: 'silent' });
let database: Database;
let places: PlacesService;
beforeAll(async () => {
  database = await openTestDatabase();
  places = createPlacesService({ repo: createPlacesRepo(database), log });
});
afterAll(async () => {
  await database?.close();
});

async function demoPlace(q: string) {
  const { places: found } = await places.search({ q, limit: 50 });
  return found.filter((p) => p.source === DEMO_PLACES_SOURCE);
}

const metres = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) =>
  Math.hypot((a.lon - b.lon) * 97_400, (a.lat - b.lat) * 110_574);

describe('the demo gazetteer', () => {
  it('holds the places the demo stories name, near where they happen, and a restart replaces it with itself', async () => {
    await importDemoPlaces(places, log);
    await importDemoPlaces(places, log);
    const [peak] = await demoPlace('笔架山');
    expect(peak).toMatchObject({ name: '笔架山', kind: 'peak', station: null });
    expect(metres(peak!, DEMO_IPP)).toBeLessThan(1500);
    expect((await demoPlace('三渡溪水库'))[0]).toMatchObject({ kind: 'reservoir' });
    const [road] = await demoPlace('花都路');
    expect(road).toMatchObject({ kind: 'road' });
    expect(metres(road!, DEMO_FOUND_POINT)).toBeLessThan(500);
    expect((await demoPlace('花川警务站'))[0]).toMatchObject({ kind: 'post', alias: '花川岗' });
    expect((await demoPlace('笔架山登山口'))[0]).toMatchObject({ kind: 'trailhead' });
    // The peak, its trailhead and its forest post, once each after two imports.
    expect((await demoPlace('笔架山')).map((p) => p.name).sort()).toEqual(
      ['笔架山', '笔架山护林站', '笔架山登山口'].sort(),
    );
  });
});
