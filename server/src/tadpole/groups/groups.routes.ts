import type { Router } from 'express';
import { allow, COMMAND, LIAISON_DESK } from '../../http/access.ts';
import { createRouter } from '../../http/router.ts';
import {
  createGroupBody,
  group,
  groupIdParam,
  groupListResponse,
  listGroupsQuery,
  updateGroupBody,
} from '@lookout/contracts';
import type { GroupsService } from './groups.service.ts';

/** Mounted at /api/v1. */
export function groupsRoutes(groups: GroupsService): Router {
  const r = createRouter();
  const list = allow(LIAISON_DESK, {
    summary: 'The community groups',
    query: listGroupsQuery,
    response: groupListResponse,
  });
  r.get('/tadpole/groups', list, async (req, res) => {
    res.json({ groups: await groups.list(listGroupsQuery.parse(req.query).includeDisabled) });
  });
  r.get(
    '/tadpole/groups/:id',
    allow(LIAISON_DESK, { summary: 'A group', params: groupIdParam, response: group }),
    async (req, res) => {
      res.json(await groups.get(groupIdParam.parse(req.params).id));
    },
  );
  const create = allow(COMMAND, { summary: 'Add a group', body: createGroupBody, response: group, status: 201 });
  r.post('/tadpole/groups', create, async (req, res) => {
    res.status(201).json(await groups.create(createGroupBody.parse(req.body)));
  });
  const update = allow(COMMAND, {
    summary: 'Change a group',
    params: groupIdParam,
    body: updateGroupBody,
    response: group,
  });
  r.patch('/tadpole/groups/:id', update, async (req, res) => {
    res.json(await groups.update(groupIdParam.parse(req.params).id, updateGroupBody.parse(req.body)));
  });
  const disable = allow(COMMAND, { summary: 'Disable a group', params: groupIdParam, response: group });
  r.delete('/tadpole/groups/:id', disable, async (req, res) => {
    // Deliveries keep pointing at the group, so it is disabled, not deleted.
    res.json(await groups.disable(groupIdParam.parse(req.params).id));
  });
  return r;
}
