import type { SightingFeature } from '@lookout/contracts';
import type { SightingStatus } from '@lookout/db';
import type { SessionUser } from '../auth/auth.repo.ts';
import type { FeatureCollection } from '../drones/drones.geojson.ts';
import { AppError } from '../errors.ts';
import type { SightingsRepo } from './sightings.repo.ts';

const LIST_LIMIT = 5000;

export function createSightingsService(repo: SightingsRepo) {
  return {
    async listSince(since: Date): Promise<FeatureCollection<SightingFeature>> {
      return { type: 'FeatureCollection', features: await repo.listSince(since, LIST_LIMIT) };
    },

    async setStatus(id: number, status: Exclude<SightingStatus, 'new'>, by: SessionUser): Promise<SightingFeature> {
      const feature = await repo.setStatus(id, status, by.id);
      if (!feature) throw new AppError('not_found', `No sighting ${id}`);
      return feature;
    },

    async photo(id: number): Promise<Buffer> {
      const photo = await repo.photo(id);
      if (!photo) throw new AppError('not_found', `No photo for sighting ${id}`);
      return photo;
    },
  };
}

export type SightingsService = ReturnType<typeof createSightingsService>;
