import { request } from '../../api.ts';
import type {
  CreateGroupBody,
  Group,
  GroupImportResponse,
  GroupPeopleResponse,
  GroupTestResponse,
  UpdateGroupBody,
} from '@lookout/contracts';

const id = encodeURIComponent;

/** The community group routes (docs/permissions.md): liaisons their own groups, commanders every one. */
export const groupsApi = {
  list: (includeDisabled: boolean) =>
    request<{ groups: Group[] }>('GET', `/tadpole/groups?includeDisabled=${includeDisabled}`).then((r) => r.groups),
  people: () => request<GroupPeopleResponse>('GET', '/tadpole/group-people'),
  create: (body: CreateGroupBody) => request<Group>('POST', '/tadpole/groups', body),
  update: (groupId: string, body: UpdateGroupBody) => request<Group>('PATCH', `/tadpole/groups/${id(groupId)}`, body),
  setDisabled: (groupId: string, disabled: boolean) =>
    request<Group>('PATCH', `/tadpole/groups/${id(groupId)}`, { disabled }),
  test: (groupId: string) => request<GroupTestResponse>('POST', `/tadpole/groups/${id(groupId)}/test`, {}),
  importCsv: (text: string) => request<GroupImportResponse>('POST', '/tadpole/groups/import', text, 'text/csv'),
};
