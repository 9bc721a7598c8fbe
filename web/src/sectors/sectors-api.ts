import type {
  SectorCreateBody,
  SectorFeature,
  SectorPatchBody,
  SectorSplitBody,
  SectorsCollection,
} from '@lookout/contracts';
import { request } from '../api.ts';

const id = encodeURIComponent;
const base = (caseId: string) => `/cases/${id(caseId)}/sectors`;

/** The search sectors of a case (GET, POST, split, PATCH, DELETE /cases/{id}/sectors). */
export const sectorsApi = {
  list: (caseId: string) => request<SectorsCollection>('GET', base(caseId)),
  create: (caseId: string, body: SectorCreateBody) => request<SectorFeature>('POST', base(caseId), body),
  split: (caseId: string, body: SectorSplitBody) => request<SectorsCollection>('POST', `${base(caseId)}/split`, body),
  patch: (caseId: string, sectorId: string, body: SectorPatchBody) =>
    request<SectorFeature>('PATCH', `${base(caseId)}/${id(sectorId)}`, body),
  remove: (caseId: string, sectorId: string) => request<void>('DELETE', `${base(caseId)}/${id(sectorId)}`),
};
