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

export function planDynsec(desired: DynsecPilot[], current: DynsecState): DynsecCommand[] {
  const roles = new Map(current.roles.filter((r) => r.rolename.startsWith(ROLE_PREFIX)).map((r) => [r.rolename, r]));
  const clients = new Map(current.clients.map((c) => [c.username, c]));
  const wanted = new Set(desired.map((p) => p.username));
  const creates: DynsecCommand[] = [];
  const changes: DynsecCommand[] = [];
  const deletes: DynsecCommand[] = [];

  for (const p of desired) {
    const rolename = dynsecRoleOf(p.username);
    const acls = pilotAcls(p.topics);
    const role = roles.get(rolename);
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
    const client = clients.get(p.username);
    if (!client) {
      creates.push({
        command: 'createClient',
        username: p.username,
        textname: DYNSEC_PILOT_MARK,
        roles: [{ rolename, priority: 0 }],
        ...(p.password === undefined ? {} : { password: p.password }),
      });
    } else if (client.textname === DYNSEC_PILOT_MARK && !client.roles.some((r) => r.rolename === rolename)) {
      changes.push({ command: 'addClientRole', username: p.username, rolename, priority: 0 });
    }
  }
  // Revoked credentials: deleting the client also disconnects him.
  for (const c of current.clients)
    if (c.textname === DYNSEC_PILOT_MARK && !wanted.has(c.username))
      deletes.push({ command: 'deleteClient', username: c.username });
  for (const rolename of roles.keys())
    if (!wanted.has(rolename.slice(ROLE_PREFIX.length))) deletes.push({ command: 'deleteRole', rolename });
  return [...creates, ...changes, ...deletes];
}
