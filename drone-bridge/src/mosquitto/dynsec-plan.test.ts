import { describe, expect, it } from 'vitest';
import {
  DYNSEC_PILOT_MARK,
  dynsecRoleOf,
  pilotAcls,
  planDynsec,
  planDynsecPilot,
  type DynsecPilot,
} from './dynsec-plan.ts';

const pilot = (username: string, write: string[], read: string[] = []): DynsecPilot => ({
  username,
  topics: { write, read },
});

describe('planDynsec', () => {
  it('creates the role with its ACLs before the client that uses it', () => {
    const plan = planDynsec([pilot('p1', ['thing/product/GW/osd'], ['thing/product/GW/services'])], {
      clients: [],
      roles: [],
    });
    expect(plan.map((c) => c.command)).toEqual(['createRole', 'createClient']);
    expect(plan[0]).toMatchObject({
      rolename: dynsecRoleOf('p1'),
      acls: [
        { acltype: 'publishClientSend', topic: 'thing/product/GW/osd', allow: true },
        { acltype: 'subscribePattern', topic: 'thing/product/GW/services', allow: true },
        { acltype: 'publishClientReceive', topic: 'thing/product/GW/services', allow: true },
      ],
    });
    expect(plan[1]).toMatchObject({
      username: 'p1',
      textname: DYNSEC_PILOT_MARK,
      roles: [{ rolename: 'lookout-dji:p1' }],
    });
    expect(plan[1]).not.toHaveProperty('password');
  });

  it('adds a newly bound serial and removes a rebound one, leaving the rest', () => {
    const before = pilotAcls({ write: ['thing/product/A/osd', 'thing/product/B/osd'], read: [] });
    const plan = planDynsec([pilot('p1', ['thing/product/A/osd', 'thing/product/C/osd'])], {
      clients: [{ username: 'p1', textname: DYNSEC_PILOT_MARK, roles: [{ rolename: 'lookout-dji:p1' }] }],
      roles: [{ rolename: 'lookout-dji:p1', acls: before.map((a) => ({ ...a, allow: true })) }],
    });
    expect(plan).toEqual([
      {
        command: 'addRoleACL',
        rolename: 'lookout-dji:p1',
        acltype: 'publishClientSend',
        topic: 'thing/product/C/osd',
        allow: true,
        priority: 0,
      },
      {
        command: 'removeRoleACL',
        rolename: 'lookout-dji:p1',
        acltype: 'publishClientSend',
        topic: 'thing/product/B/osd',
      },
    ]);
  });

  it('deletes the client and role of revoked credentials, never an operator’s own', () => {
    const plan = planDynsec([], {
      clients: [
        { username: 'gone', textname: DYNSEC_PILOT_MARK, roles: [{ rolename: 'lookout-dji:gone' }] },
        { username: 'admin', textname: 'Dynsec admin user', roles: [{ rolename: 'admin' }] },
      ],
      roles: [
        { rolename: 'lookout-dji:gone', acls: [] },
        { rolename: 'admin', acls: [] },
      ],
    });
    expect(plan).toEqual([
      { command: 'deleteClient', username: 'gone' },
      { command: 'deleteRole', rolename: 'lookout-dji:gone' },
    ]);
  });

  it('is empty when the plugin already holds what is wanted', () => {
    const p = pilot('p1', ['sys/product/+/status'], ['sys/product/+/status_reply']);
    const plan = planDynsec([p], {
      clients: [{ username: 'p1', textname: DYNSEC_PILOT_MARK, roles: [{ rolename: 'lookout-dji:p1' }] }],
      roles: [{ rolename: 'lookout-dji:p1', acls: pilotAcls(p.topics).map((a) => ({ ...a, allow: true })) }],
    });
    expect(plan).toEqual([]);
  });
});

describe('planDynsecPilot', () => {
  const issued = { username: 'p1', password: 'plain-pw', topics: { write: ['sys/product/+/status'], read: [] } };

  it('creates a new pilot’s role and his client with the plain password', () => {
    const { creates, changes } = planDynsecPilot(issued, { clients: [], roles: [] });
    expect(creates.map((c) => c.command)).toEqual(['createRole', 'createClient']);
    expect(creates[1]).toMatchObject({ username: 'p1', password: 'plain-pw', textname: DYNSEC_PILOT_MARK });
    expect(changes).toEqual([]);
  });

  it('sets the password on the client a bridge’s sync created first, and deletes nothing', () => {
    const { creates, changes } = planDynsecPilot(issued, {
      clients: [{ username: 'p1', textname: DYNSEC_PILOT_MARK, roles: [{ rolename: 'lookout-dji:p1' }] }],
      roles: [
        {
          rolename: 'lookout-dji:p1',
          acls: pilotAcls(issued.topics).map((a) => ({ ...a, allow: true })),
        },
      ],
    });
    expect(creates).toEqual([]);
    expect(changes).toEqual([{ command: 'setClientPassword', username: 'p1', password: 'plain-pw' }]);
  });

  it('never sets the password of an operator’s own client of that name', () => {
    const { changes } = planDynsecPilot(issued, {
      clients: [{ username: 'p1', textname: 'hand-made', roles: [] }],
      roles: [],
    });
    expect(changes).toEqual([]);
  });
});
