import { ardupilotmega, common, minimal } from 'node-mavlink';
import { v5 as uuidv5 } from 'uuid';
import type { DecodeResult, FixRecord, Rejection, RejectReason, StatusRecord } from '../decoders/types.ts';
import { checkRanges, type Range } from '../decoders/validate.ts';
import { splitDatagram, type Frame } from './frames.ts';
import { createGimbalPitchTracker, mountStatusPitch, quaternionPitch } from './gimbal-pitch.ts';
import { ReplayGuard, signatureMatches } from './signing.ts';

/**
 * MAVLink frames → Lookout rows. What is read (common.xml):
 *   HEARTBEAT (0)              → presence: the drone is online (a ground station's heartbeat is ignored)
 *   GLOBAL_POSITION_INT (33)   → a fix: lat/lon degE7, alt (MSL) and relative_alt mm, vx/vy/vz cm/s NED,
 *                                hdg cdeg (65535 = unknown → null); ground speed = |(vx, vy)|, vertical speed
 *                                = −vz (up positive)
 *   SYS_STATUS (1), BATTERY_STATUS (147) → battery_remaining % (−1 = unknown), carried on the next fixes
 *   GIMBAL_DEVICE_ATTITUDE_STATUS (285), MOUNT_STATUS (158, ardupilotmega.xml) → the camera gimbal's pitch
 *                                (gimbal-pitch.ts), carried on the fixes received within 3 s of it
 * Everything else a vehicle streams (ATTITUDE, VFR_HUD, …) is counted and ignored.
 *
 * A frame's system id names the drone (`drones.mavlink_system_id`). A drone registered with signing must sign
 * every frame read here with its key; others may sign or not. MAVLink has no reading id and no wall-clock time
 * in GLOBAL_POSITION_INT, only time since boot: a fix's time is the drone's boot time (estimated from arrival
 * times, lowest offset wins) plus time_boot_ms, and its reading id is a UUID v5 of (drone, signature link and
 * timestamp) for signed frames or (drone, boot, time_boot_ms) otherwise, so a duplicated datagram is a no-op.
 */

export interface MavlinkSystem {
  droneId: string;
  systemId: number;
  /** Required signing: the 32-byte key. null: unsigned frames are accepted. */
  signingKey: Buffer | null;
  /** Signing is required but the key cannot be used (sealed under another SECRETS_KEY): every frame is refused. */
  keyProblem?: string | undefined;
}

/** One frame (or stretch of bad bytes) as the pipeline takes it. */
export interface DecodedFrame {
  bytes: Buffer;
  decoded: DecodeResult & { droneId?: string | undefined };
}

export interface DatagramResult {
  frames: DecodedFrame[];
  /** Frames read per message name (`heartbeat`, `global_position_int`, …, `ignored`), for the metrics. */
  counts: Map<string, number>;
}

export const MAVLINK_MESSAGES = {
  HEARTBEAT: minimal.Heartbeat.MSG_ID,
  SYS_STATUS: common.SysStatus.MSG_ID,
  GLOBAL_POSITION_INT: common.GlobalPositionInt.MSG_ID,
  BATTERY_STATUS: common.BatteryStatus.MSG_ID,
  MOUNT_STATUS: ardupilotmega.MountStatus.MSG_ID,
  GIMBAL_DEVICE_ATTITUDE_STATUS: common.GimbalDeviceAttitudeStatus.MSG_ID,
} as const;

const MAV_TYPE_GCS = 6;
const HDG_UNKNOWN = 65535;
/** time_boot_ms going back more than this is a reboot (not a reordered datagram). */
const REBOOT_BACKSTEP_MS = 10_000;
/** The boot time seeming this much later than estimated: the drone rebooted while silent. */
const REBOOT_GAP_MS = 30_000;
/** Reading ids of MAVLink fixes (a random constant; changing it would break idempotency across versions). */
const MAVLINK_NAMESPACE = '0b6f4f2e-8c1d-4f4a-9e57-2a7d3c9b5e61';
/** Dead letters keep a frame as hex; a junk datagram is cut to this many bytes first. */
const DEAD_LETTER_BYTES = 512;

const fixRanges: readonly Range[] = [
  ['lat', -90, 90],
  ['lon', -180, 180],
  ['altMsl', -1_000, 12_000],
  ['altRel', -2_000, 12_000],
  ['hdg', 0, 360],
  ['gs', 0, 200],
  ['vs', -100, 100],
];

interface BootSession {
  /** Fixed for the session: part of the reading ids. */
  key: number;
  /** Epoch ms of the drone's boot, as low as arrivals have shown it. */
  bootAt: number;
  lastTbm: number;
}

export function mavlinkReadingId(droneId: string, discriminator: string): string {
  return uuidv5(`${droneId}|${discriminator}`, MAVLINK_NAMESPACE);
}

const hexOf = (bytes: Buffer) => bytes.subarray(0, DEAD_LETTER_BYTES).toString('hex');

function rejected(bytes: Buffer, reason: RejectReason, detail: string, droneId?: string): DecodedFrame {
  const rejection: Rejection = { reason, detail: detail.slice(0, 300), payload: hexOf(bytes) };
  return { bytes, decoded: { records: [], rejections: [{ ...rejection, payloadBytes: bytes.length }], droneId } };
}

/**
 * A decoder for one UDP listener: it keeps, per system, the boot-time estimate, the last battery level, the
 * latest gimbal pitch and the signing streams' newest timestamps. `decode` never throws.
 */
export function createMavlinkDecoder() {
  const sessions = new Map<string, BootSession>();
  const battery = new Map<number, number | null>();
  const gimbal = createGimbalPitchTracker();
  const replay = new ReplayGuard();

  function bootTime(sysid: number, compid: number, tbm: number, receivedAt: number): { t: number; session: number } {
    const k = `${sysid}/${compid}`;
    const offset = receivedAt - tbm;
    let s = sessions.get(k);
    if (!s || tbm + REBOOT_BACKSTEP_MS < s.lastTbm || offset - s.bootAt > REBOOT_GAP_MS) {
      s = { key: offset, bootAt: offset, lastTbm: tbm };
      sessions.set(k, s);
    } else {
      if (offset < s.bootAt) s.bootAt = offset;
      if (tbm > s.lastTbm) s.lastTbm = tbm;
    }
    return { t: s.bootAt + tbm, session: s.key };
  }

  function readFrame(frame: Frame, sys: MavlinkSystem, receivedAt: number, counts: Map<string, number>): DecodedFrame {
    const { header, protocol, bytes } = frame;
    const droneId = sys.droneId;
    const ok = (records: DecodeResult['records'], name: string): DecodedFrame => {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return { bytes, decoded: { records, rejections: [], droneId } };
    };
    if (sys.keyProblem) return rejected(bytes, 'bad_signature', sys.keyProblem, droneId);
    if (sys.signingKey) {
      if (!frame.signature)
        return rejected(
          bytes,
          'unsigned',
          `system ${sys.systemId} must sign; msgid ${header.msgid} is unsigned`,
          droneId,
        );
      if (!signatureMatches(frame, sys.signingKey))
        return rejected(bytes, 'bad_signature', `msgid ${header.msgid}: signature does not match the key`, droneId);
      const replayed = replay.check(header.sysid, header.compid, frame.signature.linkId, frame.signature.timestamp);
      if (replayed) return rejected(bytes, 'bad_signature', `replayed: ${replayed}`, droneId);
    }
    const payload = protocol.payload(bytes);
    switch (header.msgid) {
      case MAVLINK_MESSAGES.HEARTBEAT: {
        const hb = protocol.data(payload, minimal.Heartbeat);
        if (hb.type === MAV_TYPE_GCS) return ok([], 'ignored');
        const status: StatusRecord = { kind: 'status', droneId, online: true, t: receivedAt };
        return ok([status], 'heartbeat');
      }
      case MAVLINK_MESSAGES.SYS_STATUS:
      case MAVLINK_MESSAGES.BATTERY_STATUS: {
        const isSys = header.msgid === MAVLINK_MESSAGES.SYS_STATUS;
        const data = isSys ? protocol.data(payload, common.SysStatus) : protocol.data(payload, common.BatteryStatus);
        const remaining = data.batteryRemaining;
        if (!(remaining >= -1 && remaining <= 100))
          return rejected(bytes, 'out_of_range', `battery_remaining ${remaining} outside -1..100`, droneId);
        // BATTERY_STATUS of a second pack (id > 0) does not replace the main one.
        if (isSys || (data as common.BatteryStatus).id === 0)
          battery.set(header.sysid, remaining === -1 ? null : remaining);
        return ok([], isSys ? 'sys_status' : 'battery_status');
      }
      case MAVLINK_MESSAGES.GIMBAL_DEVICE_ATTITUDE_STATUS: {
        const g = protocol.data(payload, common.GimbalDeviceAttitudeStatus);
        const read = quaternionPitch(g.q);
        if ('problem' in read) return rejected(bytes, 'invalid_schema', read.problem, droneId);
        const bad = gimbal.record(header.sysid, read.pitch, receivedAt);
        if (bad) return rejected(bytes, 'out_of_range', bad, droneId);
        return ok([], 'gimbal_device_attitude_status');
      }
      case MAVLINK_MESSAGES.MOUNT_STATUS: {
        const m = protocol.data(payload, ardupilotmega.MountStatus);
        const bad = gimbal.record(header.sysid, mountStatusPitch(m.pointingA), receivedAt);
        if (bad) return rejected(bytes, 'out_of_range', bad, droneId);
        return ok([], 'mount_status');
      }
      case MAVLINK_MESSAGES.GLOBAL_POSITION_INT: {
        const p = protocol.data(payload, common.GlobalPositionInt);
        const values = {
          lat: p.lat / 1e7,
          lon: p.lon / 1e7,
          altMsl: p.alt / 1000,
          altRel: p.relativeAlt / 1000,
          hdg: p.hdg === HDG_UNKNOWN ? null : p.hdg / 100,
          gs: Math.hypot(p.vx, p.vy) / 100,
          vs: -p.vz / 100,
        };
        const bad =
          checkRanges(values, fixRanges) ??
          (values.hdg !== null && values.hdg >= 360 ? `hdg ${p.hdg} cdeg` : undefined);
        if (bad) return rejected(bytes, 'out_of_range', bad, droneId);
        if (p.lat === 0 && p.lon === 0) return rejected(bytes, 'out_of_range', 'no GPS fix (0,0)', droneId);
        const { t, session } = bootTime(header.sysid, header.compid, p.timeBootMs, receivedAt);
        const readingId = frame.signature
          ? mavlinkReadingId(droneId, `sig|${header.compid}|${frame.signature.linkId}|${frame.signature.timestamp}`)
          : mavlinkReadingId(droneId, `boot|${header.compid}|${session}|${p.timeBootMs}`);
        const fix: FixRecord = {
          kind: 'fix',
          droneId,
          readingId,
          droneSeq: null,
          t,
          src: 'mavlink',
          ...values,
          bat: battery.get(header.sysid) ?? null,
          gimbalPitch: gimbal.pitchAt(header.sysid, receivedAt),
        };
        return ok([fix], 'global_position_int');
      }
      default:
        return ok([], 'ignored');
    }
  }

  return {
    /** All frames of one datagram. `lookup` maps a system id to its registered drone. */
    decode(
      datagram: Buffer,
      receivedAt: number,
      lookup: (systemId: number) => MavlinkSystem | undefined,
    ): DatagramResult {
      const counts = new Map<string, number>();
      const frames: DecodedFrame[] = [];
      for (const r of splitDatagram(datagram)) {
        if (r.kind === 'unknown_message') {
          counts.set('ignored', (counts.get('ignored') ?? 0) + 1);
          continue;
        }
        if (r.kind === 'rejected') {
          frames.push(rejected(r.bytes, r.reason, r.detail, r.sysid === null ? undefined : lookup(r.sysid)?.droneId));
          continue;
        }
        const { frame } = r;
        if (!Object.values(MAVLINK_MESSAGES).includes(frame.header.msgid as never)) {
          counts.set('ignored', (counts.get('ignored') ?? 0) + 1);
          continue;
        }
        const sys = lookup(frame.header.sysid);
        if (!sys) {
          frames.push(
            rejected(frame.bytes, 'unknown_drone', `MAVLink system id ${frame.header.sysid} is not registered`),
          );
          continue;
        }
        try {
          frames.push(readFrame(frame, sys, receivedAt, counts));
        } catch (err) {
          // Defensive: the decoder is fuzzed not to throw, but a bug must cost one frame, not the listener.
          frames.push(rejected(frame.bytes, 'invalid_schema', `decoder error: ${(err as Error).message}`, sys.droneId));
        }
      }
      return { frames, counts };
    },
    /** Drop what is kept about a system (its registration changed). */
    forget(systemId: number): void {
      replay.forget(systemId);
      battery.delete(systemId);
      gimbal.forget(systemId);
      for (const k of sessions.keys()) if (k.startsWith(`${systemId}/`)) sessions.delete(k);
    },
  };
}

export type MavlinkDecoder = ReturnType<typeof createMavlinkDecoder>;
