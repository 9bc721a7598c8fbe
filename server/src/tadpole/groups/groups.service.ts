import type { Geometry } from 'geojson';
import type { Counter } from 'prom-client';
import type { Channel, SecretBox } from '@lookout/db';
import { AppError } from '../../errors.ts';
import { openCredentials, sealCredentials } from '../../notify/credentials.ts';
import type { GroupCredentials } from '../../notify/channels/channel.ts';
import { maskedWebhook, webhookUrlProblem, type VendorBases } from '../../notify/channels/webhook-url.ts';
import { areaToWgs84 } from './group-area.ts';
import type { GroupFields, GroupRow, GroupsRepo } from './groups.repo.ts';
import { liaisonFor, mustManage } from './group-access.ts';
import {
  createGroupBody,
  hasRole,
  updateGroupBody,
  type AreaInput,
  type CreateGroupBody,
  type CredentialsInput,
  type Group,
  type GroupPeopleResponse,
  type Role,
  type SessionUser,
  type UpdateGroupBody,
} from '@lookout/contracts';

/** What the API shows of a group: never the credentials, only that they exist and a masked hint. */
export type GroupView = Group;

export interface GroupsService {
  list(includeDisabled?: boolean): Promise<GroupView[]>;
  get(id: string): Promise<GroupView>;
  /** `actor` absent: the station's own code (seeds, tests), no access rule. */
  create(body: CreateGroupBody, actor?: SessionUser): Promise<GroupView>;
  /** Credentials absent from the body are kept as they are (write-only: the client never had them). */
  update(id: string, body: UpdateGroupBody, actor?: SessionUser): Promise<GroupView>;
  disable(id: string, actor?: SessionUser): Promise<GroupView>;
  /** Enabled groups whose area intersects a WGS-84 GeoJSON geometry (the broadcast area). */
  intersecting(area: Geometry): Promise<GroupView[]>;
  /** Enabled liaisons and officers, for the pickers. */
  people(): Promise<GroupPeopleResponse>;
  /** The user of this username if he holds one of `roles` (the CSV names people by username). */
  personByUsername(username: string, ...roles: Role[]): Promise<string>;
}

export interface GroupsServiceDeps {
  repo: GroupsRepo;
  box: SecretBox;
  vendorBases: VendorBases;
  /** Bad group input, by reason. */
  rejected: Counter<'reason'>;
}

/** Checks a channel's credentials and returns the normalised secrets to seal (null for forward_kit). */
export function checkCredentials(
  channel: Channel,
  input: CredentialsInput | null | undefined,
  bases: VendorBases,
): GroupCredentials | null {
  if (channel === 'forward_kit') {
    if (input && Object.keys(input).length) {
      throw new AppError('bad_request', 'A forward-kit group has no credentials (a liaison forwards by hand)');
    }
    return null;
  }
  if (!input) throw new AppError('bad_request', `A ${channel} group needs credentials`);
  if (channel === 'sms') {
    if (!input.phones?.length) throw new AppError('bad_request', 'An SMS group needs credentials.phones (the roster)');
    if (input.webhookUrl || input.signSecret) throw new AppError('bad_request', 'An SMS group takes only phones');
    return { phones: [...new Set(input.phones.map((p) => p.replace(/[\s-]/g, '')))] };
  }
  if (!input.webhookUrl) throw new AppError('bad_request', `A ${channel} group needs credentials.webhookUrl`);
  if (input.phones) throw new AppError('bad_request', `A ${channel} group takes no phones`);
  if (channel === 'wecom' && input.signSecret) {
    throw new AppError('bad_request', 'WeCom group robots have no signing secret (the key in the URL is the secret)');
  }
  const problem = webhookUrlProblem(channel, input.webhookUrl, bases);
  if (problem) throw new AppError('bad_request', `Invalid webhook URL: ${problem}`);
  return { webhookUrl: input.webhookUrl, ...(input.signSecret ? { signSecret: input.signSecret } : {}) };
}

export function credentialsHint(channel: Channel, c: GroupCredentials): string {
  if (channel === 'sms') {
    const phones = c.phones ?? [];
    return `${phones.length} 个号码 · ${phones
      .slice(0, 3)
      .map((p) => `…${p.slice(-4)}`)
      .join(', ')}`;
  }
  return `${c.webhookUrl ? maskedWebhook(c.webhookUrl) : '(no URL)'}${c.signSecret ? ' · 加签' : ''}`;
}

export function createGroupsService(deps: GroupsServiceDeps): GroupsService {
  const { repo, box, vendorBases } = deps;

  const view = (g: GroupRow): GroupView => {
    let hint: string | null = null;
    if (g.credentialsEnc) {
      try {
        hint = credentialsHint(g.channel, openCredentials(box, g.credentialsEnc));
      } catch {
        hint = '(sealed with another key)';
      }
    }
    return {
      id: g.id,
      name: g.name,
      channel: g.channel,
      gridName: g.gridName,
      memberCount: g.memberCount,
      area: g.area,
      liaisonId: g.liaisonId,
      liaisonName: g.liaisonName,
      officerId: g.officerId,
      officerName: g.officerName,
      disabled: g.disabled,
      hasCredentials: g.credentialsEnc !== null,
      credentialsHint: hint,
      lastTest: g.lastTest,
      createdAt: g.createdAt,
    };
  };

  const reject = (reason: string, err: unknown): never => {
    deps.rejected.inc({ reason });
    throw err;
  };

  const checkedArea = async (area: AreaInput) => {
    const wgs = areaToWgs84(area);
    const problem = await repo.areaProblem(wgs);
    if (problem) reject('area', new AppError('bad_request', `Invalid area: ${problem}`));
    return wgs;
  };

  const seal = (channel: Channel, input: CredentialsInput | null | undefined): string | null => {
    let creds: GroupCredentials | null = null;
    try {
      creds = checkCredentials(channel, input, vendorBases);
    } catch (err) {
      reject('credentials', err);
    }
    return creds ? sealCredentials(box, creds) : null;
  };

  const mustGet = async (id: string) => {
    const g = await repo.get(id);
    if (!g) throw new AppError('not_found', 'No such group');
    return g;
  };

  /** A liaison or officer id must name an enabled user holding that role. */
  const checkPerson = async (id: string | null | undefined, role: Role) => {
    if (!id) return;
    const p = await repo.person(id);
    if (!p || p.disabled || !hasRole(p, role)) {
      reject('person', new AppError('bad_request', `No enabled ${role} with id ${id}`));
    }
  };

  return {
    async list(includeDisabled = false) {
      return (await repo.list(includeDisabled)).map(view);
    },
    async get(id) {
      return view(await mustGet(id));
    },
    async create(input, actor) {
      const body = createGroupBody.parse(input);
      const liaisonId = actor ? liaisonFor(actor, body.liaisonId) : (body.liaisonId ?? null);
      await checkPerson(liaisonId, 'liaison');
      await checkPerson(body.officerId, 'officer');
      const area = await checkedArea(body.area);
      const fields: GroupFields = {
        name: body.name,
        channel: body.channel,
        gridName: body.gridName ?? null,
        memberCount: body.memberCount,
        credentialsEnc: seal(body.channel, body.credentials),
        liaisonId,
        officerId: body.officerId ?? null,
        disabled: false,
      };
      return view(await repo.insert(fields, area));
    },
    async update(id, input, actor) {
      const body = updateGroupBody.parse(input);
      const current = await mustGet(id);
      if (actor) mustManage(actor, current);
      const channel = body.channel ?? current.channel;
      const fields: Partial<GroupFields> = {};
      if (body.name !== undefined) fields.name = body.name;
      if (body.gridName !== undefined) fields.gridName = body.gridName;
      if (body.memberCount !== undefined) fields.memberCount = body.memberCount;
      if (body.liaisonId !== undefined) {
        fields.liaisonId = actor ? liaisonFor(actor, body.liaisonId, current.liaisonId) : body.liaisonId;
        await checkPerson(fields.liaisonId, 'liaison');
      }
      if (body.officerId !== undefined) {
        await checkPerson(body.officerId, 'officer');
        fields.officerId = body.officerId;
      }
      if (body.disabled !== undefined) fields.disabled = body.disabled;
      if (body.channel !== undefined) fields.channel = body.channel;
      if (body.credentials !== undefined) {
        fields.credentialsEnc = body.credentials === null ? null : seal(channel, body.credentials);
        if (body.credentials === null && channel !== 'forward_kit') {
          reject('credentials', new AppError('bad_request', `A ${channel} group needs credentials`));
        }
      } else if (body.channel !== undefined && body.channel !== current.channel) {
        // Another channel's secrets mean nothing here: new credentials must come with a channel change.
        if (channel !== 'forward_kit') {
          reject('credentials', new AppError('bad_request', 'Changing the channel needs new credentials'));
        }
        fields.credentialsEnc = null;
      }
      const area = body.area ? await checkedArea(body.area) : undefined;
      const updated = await repo.update(id, fields, area);
      if (!updated) throw new AppError('not_found', 'No such group');
      return view(updated);
    },
    async disable(id, actor) {
      if (actor) mustManage(actor, await mustGet(id));
      const updated = await repo.update(id, { disabled: true }, undefined);
      if (!updated) throw new AppError('not_found', 'No such group');
      return view(updated);
    },
    async intersecting(area) {
      return (await repo.intersecting(area)).map(view);
    },
    async people() {
      const all = await repo.people();
      const pick = (role: Role) =>
        all.filter((p) => hasRole(p, role)).map(({ id, displayName, username }) => ({ id, displayName, username }));
      return { liaisons: pick('liaison'), officers: pick('officer') };
    },
    async personByUsername(username, ...roles) {
      const p = await repo.personByUsername(username);
      if (!p || p.disabled || !hasRole(p, ...roles)) {
        throw new AppError('bad_request', `No enabled ${roles.join(' or ')} with the username ${username}`);
      }
      return p.id;
    },
  };
}
