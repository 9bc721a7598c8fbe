import type { SightingFeature } from '@lookout/contracts';
import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LiveConnection } from './live.connection.ts';
import type { LiveService, ResumePlan } from './live.service.ts';
import type { Position, ServerMessage } from './live.types.ts';

/** Just the surface of a ws socket the connection uses: what it sent, how much is buffered, whether closed. */
class SocketDouble extends EventEmitter {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  sent: ServerMessage[] = [];
  closedWith: number | undefined;
  send(text: string) {
    this.sent.push(JSON.parse(text) as ServerMessage);
  }
  close(code: number) {
    this.closedWith = code;
    this.readyState = WebSocket.CLOSED;
  }
}

const pos = (droneId: string, seq: number): Position => ({
  droneId,
  seq,
  t: new Date(seq * 1000).toISOString(),
  lon: 120,
  lat: 28.9,
  altMsl: null,
  altRel: null,
  hdg: null,
  gs: null,
  vs: null,
  bat: null,
});

const sighting = (id: number, seq: number): SightingFeature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [120, 28.9] },
  properties: {
    id,
    seq,
    droneId: 'a',
    callsign: 'A',
    t: new Date(0).toISOString(),
    uncM: null,
    conf: null,
    kind: 'person',
    count: null,
    note: null,
    status: 'new',
    hasPhoto: false,
  },
});

function replayService(plan: ResumePlan): LiveService {
  return {
    resume: () => Promise.resolve(plan),
    ownCases: () => Promise.resolve({ unitIds: [], caseIds: [], flights: [] }),
  };
}

async function liveConnection(plan: ResumePlan = { kind: 'replay', seq: 10, events: [], positions: [] }) {
  const ws = new SocketDouble();
  const conn = new LiveConnection(
    ws as unknown as WebSocket,
    replayService(plan),
    pino({ level: 'silent' }),
    { softBytes: 1000, hardBytes: 10_000 },
    { sent: () => undefined, coalesced: () => undefined },
  );
  ws.emit('message', Buffer.from(JSON.stringify({ type: 'resume', after: 5 })), false);
  await new Promise((r) => setTimeout(r, 0));
  return { ws, conn };
}

describe('LiveConnection', () => {
  it('coalesces positions to the latest per drone', async () => {
    const { ws, conn } = await liveConnection();
    conn.accept({ positions: [pos('a', 11), pos('b', 12), pos('a', 13)], events: [], cursor: 13 });
    conn.flush();
    const m = ws.sent.find((x) => x.type === 'positions');
    expect(m).toEqual({ type: 'positions', seq: 13, positions: [pos('a', 13), pos('b', 12)] });
  });

  it('holds positions back while the socket is backed up, but still sends every event', async () => {
    const { ws, conn } = await liveConnection();
    ws.bufferedAmount = 5000;
    conn.accept({ positions: [pos('a', 11)], events: [{ seq: 12, sighting: sighting(1, 12) }], cursor: 12 });
    conn.accept({ positions: [pos('a', 14)], events: [{ seq: 15, sighting: sighting(2, 15) }], cursor: 15 });
    conn.flush();
    expect(ws.sent.map((m) => m.type)).toEqual(['event', 'event']);
    ws.bufferedAmount = 0;
    conn.flush();
    expect(ws.sent.at(-1)).toEqual({ type: 'positions', seq: 14, positions: [pos('a', 14)] });
  });

  it('closes a socket that cannot keep up at all, so the client resumes', async () => {
    const { ws, conn } = await liveConnection();
    ws.bufferedAmount = 20_000;
    conn.accept({ positions: [], events: [{ seq: 12, sighting: sighting(1, 12) }], cursor: 12 });
    conn.flush();
    expect(ws.closedWith).toBe(1013);
  });

  it('sends an event only once when the resume read and the hub both carry it', async () => {
    const { ws, conn } = await liveConnection({
      kind: 'replay',
      seq: 12,
      events: [{ seq: 12, sighting: sighting(1, 12) }],
      positions: [],
    });
    conn.accept({ positions: [], events: [{ seq: 12, sighting: sighting(1, 12) }], cursor: 12 });
    conn.flush();
    expect(ws.sent.filter((m) => m.type === 'event')).toHaveLength(1);
  });

  it('pings with the highest seq it has sent', async () => {
    const { ws, conn } = await liveConnection();
    conn.accept({ positions: [pos('a', 42)], events: [], cursor: 42 });
    conn.flush();
    conn.ping();
    expect(ws.sent.at(-1)).toEqual({ type: 'ping', seq: 42 });
  });
});
