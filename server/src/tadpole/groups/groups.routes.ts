import express, { type ErrorRequestHandler, type Router } from 'express';
import { currentUser } from '../../auth/auth.middleware.ts';
import { AppError } from '../../errors.ts';
import { allow, LIAISON_DESK } from '../../http/access.ts';
import { raw } from '../../http/contract.ts';
import { createRouter } from '../../http/router.ts';
import { importGroupsCsv } from './groups-import.ts';
import type { GroupTester } from './group-test.ts';
import type { GroupsService } from './groups.service.ts';
import {
  createGroupBody,
  group,
  groupIdParam,
  groupImportResponse,
  groupListResponse,
  groupPeopleResponse,
  GROUPS_IMPORT_MAX_BYTES,
  groupTestResponse,
  listGroupsQuery,
  updateGroupBody,
} from '@lookout/contracts';

/** The CSV import's path under /api/v1 (its body is text/csv, see RAW_BODY_ROUTES in app.ts). */
export const GROUPS_IMPORT_PATH = '/tadpole/groups/import';

const OWN = 'service: commanders and admins any group; a liaison only the groups he is the liaison of (else 403)';

/** Mounted at /api/v1. */
export function groupsRoutes(groups: GroupsService, tester: GroupTester): Router {
  const r = createRouter();
  const csvBody = express.text({ type: 'text/csv', limit: GROUPS_IMPORT_MAX_BYTES });
  const tooLarge: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
    if ((err as { type?: unknown }).type === 'entity.too.large') {
      next(new AppError('payload_too_large', `A groups CSV is limited to ${GROUPS_IMPORT_MAX_BYTES} bytes`));
      return;
    }
    next(err);
  };

  const list = allow(LIAISON_DESK, {
    summary: 'The community groups',
    query: listGroupsQuery,
    response: groupListResponse,
  });
  r.get('/tadpole/groups', list, async (req, res) => {
    res.json({ groups: await groups.list(listGroupsQuery.parse(req.query).includeDisabled) });
  });
  const people = allow(LIAISON_DESK, {
    summary: 'The liaisons and officers a group can be given to',
    response: groupPeopleResponse,
  });
  r.get('/tadpole/group-people', people, async (_req, res) => {
    res.json(await groups.people());
  });
  r.get(
    '/tadpole/groups/:id',
    allow(LIAISON_DESK, { summary: 'A group', params: groupIdParam, response: group }),
    async (req, res) => {
      res.json(await groups.get(groupIdParam.parse(req.params).id));
    },
  );
  const create = allow(LIAISON_DESK, {
    summary: 'Add a group',
    note: 'service: a liaison’s new group is his own (naming another liaison is 403)',
    body: createGroupBody,
    response: group,
    status: 201,
  });
  r.post('/tadpole/groups', create, async (req, res) => {
    res.status(201).json(await groups.create(createGroupBody.parse(req.body), currentUser(req)));
  });
  const importCsv = allow(LIAISON_DESK, {
    summary: 'Add groups from a CSV file, one per row; answers every row’s outcome',
    note: `service: a liaison’s rows become his own groups (a row naming another liaison fails); text/csv up to ${GROUPS_IMPORT_MAX_BYTES / 1024} KiB`,
    body: raw(
      'text/csv',
      'name,channel,grid,members,liaison,officer,datum,lon,lat,radius_m,area,webhook_url,sign_secret,phones',
    ),
    response: groupImportResponse,
  });
  r.post(GROUPS_IMPORT_PATH, importCsv, csvBody, async (req, res) => {
    if (typeof req.body !== 'string') {
      throw new AppError('unsupported_media_type', 'Send the groups as text/csv', { allowed: ['text/csv'] });
    }
    res.json(await importGroupsCsv(req.body, groups, currentUser(req)));
  });
  const update = allow(LIAISON_DESK, {
    summary: 'Change a group (credentials left out are kept)',
    note: OWN,
    params: groupIdParam,
    body: updateGroupBody,
    response: group,
  });
  r.patch('/tadpole/groups/:id', update, async (req, res) => {
    const { id } = groupIdParam.parse(req.params);
    res.json(await groups.update(id, updateGroupBody.parse(req.body), currentUser(req)));
  });
  const disable = allow(LIAISON_DESK, { summary: 'Disable a group', note: OWN, params: groupIdParam, response: group });
  r.delete('/tadpole/groups/:id', disable, async (req, res) => {
    // Deliveries keep pointing at the group, so it is disabled, not deleted.
    res.json(await groups.disable(groupIdParam.parse(req.params).id, currentUser(req)));
  });
  const test = allow(LIAISON_DESK, {
    summary: 'Send a test message to the group through its real channel; answers the vendor’s result',
    note: `${OWN}; one test per group every 30 s (429), within the robot’s rate limit`,
    params: groupIdParam,
    response: groupTestResponse,
  });
  r.post('/tadpole/groups/:id/test', test, async (req, res) => {
    res.json(await tester.test(groupIdParam.parse(req.params).id, currentUser(req)));
  });
  r.use(tooLarge);
  return r;
}
