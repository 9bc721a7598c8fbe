import {
  hasRole,
  MAX_SECTORS_PER_SPLIT,
  type RingsCollection,
  type SectorAssignee,
  type SectorCreateBody,
  type SectorFeature,
  type SectorPatchBody,
  type SectorSplitBody,
  type SectorsCollection,
  sectorCreateBody,
  sectorPatchBody,
  sectorSplitBody,
} from '@lookout/contracts';
import type { SessionUser } from '../auth/auth.repo.ts';
import { commands } from '../auth/capabilities.ts';
import type { CaseAccess } from '../cases/case-access.ts';
import { ringsOf } from '../cases/cases.service.ts';
import { AppError } from '../errors.ts';
import type { Assignee, SectorChange, SectorEvent, SectorsRepo } from './sectors.repo.ts';

/** An overlap with a sector of the case larger than this is a conflict; a sliver along a shared edge is not. */
export const OVERLAP_SLIVER_M2 = 1;
export const OVERLAP_SLIVER_SHARE = 0.005;
/** A split drops a clipped piece smaller than this share of a full cell. */
export const SPLIT_MIN_CELL_SHARE = 0.05;

/** `{prefix}{n}` names not yet taken, `count` of them, in order. */
export function freeNames(prefix: string, taken: ReadonlySet<string>, count: number): string[] {
  const out: string[] = [];
  for (let n = 1; out.length < count; n++) {
    const name = `${prefix}${n}`;
    if (!taken.has(name)) out.push(name);
  }
  return out;
}

export interface SectorsDeps {
  repo: SectorsRepo;
  access: CaseAccess;
}

export function createSectorsService(deps: SectorsDeps) {
  const { repo } = deps;

  const writable = async (caseId: string, by: SessionUser) => {
    const c = await deps.access.caseInScope(caseId, by);
    if (c.status !== 'open') throw new AppError('conflict', `Case ${caseId} is closed`);
    return c;
  };

  /** A drawn outline: a simple polygon, meeting a ring of the case (when it has rings), overlapping no sector. */
  async function checkOutline(
    caseId: string,
    rings: RingsCollection | null,
    geometry: string,
    exceptId?: string,
  ): Promise<void> {
    const reason = await repo.invalidReason(geometry);
    if (reason) {
      throw new AppError('bad_request', `The sector's outline is not a simple polygon: ${reason}`, {
        reason: 'invalid_polygon',
        postgis: reason,
      });
    }
    const outer = rings?.features[0];
    if (outer && !(await repo.meets(geometry, JSON.stringify(outer.geometry)))) {
      throw new AppError(
        'bad_request',
        `The sector lies outside every search ring of the case (the ${outer.properties.percent}% ring is ${Math.round(outer.properties.radiusM)} m around the IPP)`,
        { reason: 'outside_rings' },
      );
    }
    const clash = (await repo.overlaps(caseId, geometry, exceptId)).find(
      (o) => o.overlapM2 > Math.max(OVERLAP_SLIVER_M2, OVERLAP_SLIVER_SHARE * Math.min(o.sectorM2, o.outlineM2)),
    );
    if (clash) {
      throw new AppError('conflict', `The sector overlaps sector ${clash.name} by ${Math.round(clash.overlapM2)} m²`, {
        reason: 'overlap',
        sector: clash.name,
        overlapM2: Math.round(clash.overlapM2),
      });
    }
  }

  async function checkAssignee(caseId: string, a: SectorAssignee): Promise<{ assignee: Assignee; label: string }> {
    const { state, label } = await repo.assigneeInCase(caseId, a);
    if (state === 'no_such') {
      throw new AppError('bad_request', `No ${a.kind} ${a.ref}`, { reason: 'no_such_assignee' });
    }
    if (state === 'not_in_case') {
      const how = a.kind === 'drone' ? 'attach the drone to the case' : 'dispatch the unit to the case';
      throw new AppError('bad_request', `${label} does not work on this case: ${how} first`, {
        reason: 'assignee_not_in_case',
      });
    }
    return { assignee: { kind: a.kind, ref: a.ref }, label };
  }

  const checkNameFree = async (caseId: string, name: string, exceptName?: string) => {
    if (name !== exceptName && (await repo.names(caseId)).has(name)) {
      throw new AppError('conflict', `The case has a sector ${name} already`, { reason: 'name_taken' });
    }
  };

  const collection = (features: SectorFeature[]): SectorsCollection => ({ type: 'FeatureCollection', features });

  return {
    async list(caseId: string, by: SessionUser): Promise<SectorsCollection> {
      await deps.access.caseInScope(caseId, by);
      return collection(await repo.list(caseId));
    },

    async create(caseId: string, input: SectorCreateBody, by: SessionUser): Promise<SectorFeature> {
      const body = sectorCreateBody.parse(input);
      const c = await writable(caseId, by);
      const geometry = JSON.stringify(body.geometry);
      await checkOutline(caseId, ringsOf(c), geometry);
      const who = body.assignee ? await checkAssignee(caseId, body.assignee) : null;
      let name = body.name;
      if (name) await checkNameFree(caseId, name);
      else name = freeNames('A', await repo.names(caseId), 1)[0]!;
      const [id] = await repo.insert(
        caseId,
        [{ name, geometry, priority: body.priority, assignee: who?.assignee ?? null }],
        by.id,
        ([s]) => [
          { type: 'sector_created', data: { sectorId: s!.id, name } },
          ...(who ? [assignedEvent(s!.id, name, who.assignee, who.label)] : []),
        ],
      );
      return (await repo.get(caseId, id!))!;
    },

    async split(caseId: string, input: SectorSplitBody, by: SessionUser): Promise<SectorsCollection> {
      const body = sectorSplitBody.parse(input);
      const c = await writable(caseId, by);
      let area: string;
      if (body.ringPercent !== undefined) {
        const ring = ringsOf(c)?.features.find((f) => f.properties.percent === body.ringPercent);
        if (!ring) {
          throw new AppError(
            'bad_request',
            `The case has no ${body.ringPercent}% ring (it needs an IPP and a subject)`,
            {
              reason: 'no_such_ring',
            },
          );
        }
        area = JSON.stringify(ring.geometry);
      } else {
        area = JSON.stringify(body.area);
        await checkOutline(caseId, ringsOf(c), area);
      }
      const tooMany = (n: number) =>
        new AppError(
          'bad_request',
          `Cells of ${body.cellM} m would make about ${n} sectors, more than ${MAX_SECTORS_PER_SPLIT}: the cell is too small for this area`,
          { reason: 'too_many_sectors', estimate: n, max: MAX_SECTORS_PER_SPLIT },
        );
      const estimate = Math.round((await repo.areaM2(area)) / (body.cellM * body.cellM));
      if (estimate > MAX_SECTORS_PER_SPLIT) throw tooMany(estimate);
      const cells = await repo.splitCells(caseId, area, body.cellM, SPLIT_MIN_CELL_SHARE);
      if (cells.length > MAX_SECTORS_PER_SPLIT) throw tooMany(cells.length);
      if (cells.length === 0) {
        throw new AppError('conflict', 'Nothing is left to split: the area is covered by sectors already', {
          reason: 'nothing_left',
        });
      }
      const names = freeNames(body.prefix, await repo.names(caseId), cells.length);
      const ids = await repo.insert(
        caseId,
        cells.map((cell, i) => ({ name: names[i]!, geometry: cell.geometry, priority: body.priority, assignee: null })),
        by.id,
        () => [
          {
            type: 'sectors_split',
            data: {
              count: cells.length,
              first: names[0],
              last: names[names.length - 1],
              cellM: body.cellM,
              ...(body.ringPercent !== undefined ? { ringPercent: body.ringPercent } : {}),
            },
          },
        ],
      );
      const made = new Set(ids);
      return collection((await repo.list(caseId)).filter((f) => made.has(f.id)));
    },

    /**
     * Commanders and admins change anything; the officer whose unit searches the sector, and the pilot flying the
     * drone it is assigned to for the case, only its status (搜索中, 已搜, 需复搜 from the field).
     */
    async patch(caseId: string, id: string, input: SectorPatchBody, by: SessionUser): Promise<SectorFeature> {
      const body = sectorPatchBody.parse(input);
      const c = await writable(caseId, by);
      const before = await repo.get(caseId, id);
      if (!before) throw new AppError('not_found', `No sector ${id} in case ${caseId}`);
      if (!commands(by)) {
        const a = before.properties.assignee;
        const unit = hasRole(by, 'officer') && a?.kind === 'unit' ? await repo.unitOfUser(by.id) : undefined;
        const his =
          (unit !== undefined && a?.kind === 'unit' && a.ref === unit) ||
          (hasRole(by, 'pilot') && a?.kind === 'drone' && (await repo.pilotFlies(caseId, a.ref, by.id)));
        if (!his) {
          const whose = [
            hasRole(by, 'officer') ? 'your unit' : undefined,
            hasRole(by, 'pilot') ? 'a drone you fly for this case' : undefined,
          ].filter(Boolean);
          throw new AppError(
            'forbidden',
            `Sector ${before.properties.name} is not assigned to ${whose.join(' or ') || 'you'}`,
          );
        }
        const others = Object.keys(body).filter((k) => k !== 'status');
        if (others.length > 0) {
          throw new AppError(
            'bad_request',
            `Only the status of a sector assigned to you may be set here, not its ${others.join(', ')}`,
            { reason: 'status_only', fields: others },
          );
        }
      }
      const name = body.name ?? before.properties.name;
      const change: SectorChange = {};
      const events: SectorEvent[] = [];
      const edited: string[] = [];
      if (body.name !== undefined && body.name !== before.properties.name) {
        await checkNameFree(caseId, body.name, before.properties.name);
        change.name = body.name;
        edited.push('name');
      }
      if (body.priority !== undefined && body.priority !== before.properties.priority) {
        change.priority = body.priority;
        edited.push('priority');
      }
      if (body.geometry !== undefined) {
        change.geometry = JSON.stringify(body.geometry);
        await checkOutline(caseId, ringsOf(c), change.geometry, id);
        edited.push('geometry');
      }
      if (edited.length > 0) {
        events.push({
          type: 'sector_changed',
          data: { sectorId: id, name, fields: edited, ...(change.name ? { from: before.properties.name } : {}) },
        });
      }
      if (body.assignee !== undefined) {
        const old = before.properties.assignee;
        const same = body.assignee ? old?.kind === body.assignee.kind && old.ref === body.assignee.ref : old === null;
        if (!same) {
          const who = body.assignee ? await checkAssignee(caseId, body.assignee) : null;
          change.assignee = who?.assignee ?? null;
          events.push(assignedEvent(id, name, who?.assignee ?? null, who?.label ?? null));
        }
      }
      if (body.status !== undefined && body.status !== before.properties.status) {
        change.status = body.status;
        events.push({
          type: 'sector_status',
          data: { sectorId: id, name, status: body.status, from: before.properties.status },
        });
      }
      if (events.length > 0 && !(await repo.update(caseId, id, change, by.id, events))) {
        throw new AppError('not_found', `No sector ${id} in case ${caseId}`);
      }
      return (await repo.get(caseId, id))!;
    },

    async remove(caseId: string, id: string, by: SessionUser): Promise<void> {
      await writable(caseId, by);
      const before = await repo.get(caseId, id);
      if (!before) throw new AppError('not_found', `No sector ${id} in case ${caseId}`);
      const event = { type: 'sector_deleted', data: { sectorId: id, name: before.properties.name } };
      if (!(await repo.remove(caseId, id, by.id, event))) {
        throw new AppError('not_found', `No sector ${id} in case ${caseId}`);
      }
    },
  };
}

function assignedEvent(sectorId: string, name: string, a: Assignee | null, label: string | null): SectorEvent {
  return {
    type: 'sector_assigned',
    data: { sectorId, name, ...(a ? { assigneeKind: a.kind, assigneeRef: a.ref, assigneeLabel: label } : {}) },
  };
}

export type SectorsService = ReturnType<typeof createSectorsService>;
