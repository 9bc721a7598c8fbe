import type { DynsecCommand } from './dynsec-client.ts';

/**
 * What Mosquitto's dynamic-security plugin must hold for DJI pilots, and the commands that get it there from what
 * it holds now. Each pilot credential (MQTT username) is a dynsec client marked with `DYNSEC_PILOT_MARK` and one
 * role `lookout-dji:<username>` whose ACLs allow exactly his DJI topics (dji/dji-access.ts); anything not allowed
 * is refused (PUBACK 0x87 over MQTT 5). Only our own clients and roles are touched: an operator's hand-made ones
 * stay as they are.
 */
export const DYNSEC_PILOT_MARK = 'lookout-dji-pilot';
const ROLE_PREFIX = 'lookout-dji:';

export const dynsecRoleOf = (username: string) => `${ROLE_PREFIX}${username}`;

export interface DynsecAcl {
  acltype: 'publishClientSend' | 'publishClientReceive' | 'subscribePattern';
  topic: string;
}

export interface DynsecPilot {
  username: string;
  /** Plain password when known (then the plugin itself authenticates him); else Mosquitto's password file does. */
  password?: string | undefined;
  topics: { write: string[]; read: string[] };
}

/** The parts of `listClients`/`listRoles` (verbose) this plan reads. */
export interface DynsecState {
  clients: { username: string; textname?: string; roles: { rolename: string }[] }[];
  roles: { rolename: string; acls: (DynsecAcl & { allow?: boolean })[] }[];
}

export function pilotAcls(topics: DynsecPilot['topics']): DynsecAcl[] {
  return [
    ...topics.write.map((topic) => ({ acltype: 'publishClientSend' as const, topic })),
    ...topics.read.flatMap((topic) => [
      { acltype: 'subscribePattern' as const, topic },
      { acltype: 'publishClientReceive' as const, topic },
    ]),
  ];
}

const aclKey = (a: DynsecAcl) => `${a.acltype}\n${a.topic}`;

/**
 * One pilot's part of the plan: his role and its ACLs, his client with that role, and, when `pilot.password` is
 * given, that password on an existing client of ours (the server issuing credentials the bridge created first).
 * `current` needs only this pilot's client and role. Nothing is deleted.
 */
export function planDynsecPilot(
  pilot: DynsecPilot,
  current: DynsecState,
): { creates: DynsecCommand[]; changes: DynsecCommand[] } {
  const rolename = dynsecRoleOf(pilot.username);
  const acls = pilotAcls(pilot.topics);
  const role = current.roles.find((r) => r.rolename === rolename);
  const client = current.clients.find((c) => c.username === pilot.username);
  const creates: DynsecCommand[] = [];
  const changes: DynsecCommand[] = [];
  if (!role) {
    creates.push({
      command: 'createRole',
      rolename,
      textname: DYNSEC_PILOT_MARK,
      acls: acls.map((a) => ({ ...a, allow: true, priority: 0 })),
    });
  } else {
    const have = new Map(role.acls.filter((a) => a.allow !== false).map((a) => [aclKey(a), a]));
    const want = new Set(acls.map(aclKey));
    for (const a of acls)
      if (!have.has(aclKey(a))) changes.push({ command: 'addRoleACL', rolename, ...a, allow: true, priority: 0 });
    for (const [key, a] of have)
      if (!want.has(key)) changes.push({ command: 'removeRoleACL', rolename, acltype: a.acltype, topic: a.topic });
  }
  if (!client) {
    creates.push({
      command: 'createClient',
      username: pilot.username,
      textname: DYNSEC_PILOT_MARK,
      roles: [{ rolename, priority: 0 }],
      ...(pilot.password === undefined ? {} : { password: pilot.password }),
    });
  } else if (client.textname === DYNSEC_PILOT_MARK) {
    if (!client.roles.some((r) => r.rolename === rolename))
      changes.push({ command: 'addClientRole', username: pilot.username, rolename, priority: 0 });
    if (pilot.password !== undefined)
      changes.push({ command: 'setClientPassword', username: pilot.username, password: pilot.password });
  }
  return { creates, changes };
}

export function planDynsec(desired: DynsecPilot[], current: DynsecState): DynsecCommand[] {
  const roles = current.roles.filter((r) => r.rolename.startsWith(ROLE_PREFIX)).map((r) => r.rolename);
  const wanted = new Set(desired.map((p) => p.username));
  const creates: DynsecCommand[] = [];
  const changes: DynsecCommand[] = [];
  const deletes: DynsecCommand[] = [];
  for (const p of desired) {
    const part = planDynsecPilot(p, current);
    creates.push(...part.creates);
    changes.push(...part.changes);
  }
  // Revoked credentials: deleting the client also disconnects him.
  for (const c of current.clients)
    if (c.textname === DYNSEC_PILOT_MARK && !wanted.has(c.username))
      deletes.push({ command: 'deleteClient', username: c.username });
  for (const rolename of roles)
    if (!wanted.has(rolename.slice(ROLE_PREFIX.length))) deletes.push({ command: 'deleteRole', rolename });
  return [...creates, ...changes, ...deletes];
}
