import type { Router } from 'express';
import { allow, COMMAND, LIAISON_DESK } from '../../http/access.ts';
import { createRouter } from '../../http/router.ts';
import { createGroupBody, groupIdParam, listGroupsQuery, updateGroupBody } from '@lookout/contracts';
import type { GroupsService } from './groups.service.ts';

/** Mounted at /api/v1. */
export function groupsRoutes(groups: GroupsService): Router {
  const r = createRouter();
  const readers = allow(LIAISON_DESK);
  const editors = allow(COMMAND);
  r.get('/tadpole/groups', readers, async (req, res) => {
    res.json({ groups: await groups.list(listGroupsQuery.parse(req.query).includeDisabled) });
  });
  r.get('/tadpole/groups/:id', readers, async (req, res) => {
    res.json(await groups.get(groupIdParam.parse(req.params).id));
  });
  r.post('/tadpole/groups', editors, async (req, res) => {
    res.status(201).json(await groups.create(createGroupBody.parse(req.body)));
  });
  r.patch('/tadpole/groups/:id', editors, async (req, res) => {
    res.json(await groups.update(groupIdParam.parse(req.params).id, updateGroupBody.parse(req.body)));
  });
  r.delete('/tadpole/groups/:id', editors, async (req, res) => {
    // Deliveries keep pointing at the group, so it is disabled, not deleted.
    res.json(await groups.disable(groupIdParam.parse(req.params).id));
  });
  return r;
}
