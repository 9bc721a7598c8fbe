import { ardupilotmega, common, minimal, MavLinkProtocolV1, MavLinkProtocolV2, type MavLinkData } from 'node-mavlink';
import { pitchYawQuaternion } from './gimbal-pitch.ts';

/** What an aircraft says about itself in one GLOBAL_POSITION_INT, in SI units (converted to MAVLink's here). */
export interface AircraftPosition {
  timeBootMs: number;
  lon: number;
  lat: number;
  /** Metres above mean sea level. */
  altMsl: number;
  /** Metres above the take-off point. */
  altRel: number;
  /** Degrees from true north, or null (sent as 65535). */
  heading: number | null;
  /** m/s north, east, and up. */
  vNorth: number;
  vEast: number;
  vUp: number;
}

/** What a gimbal device says in one GIMBAL_DEVICE_ATTITUDE_STATUS, in degrees. */
export interface GimbalAttitude {
  timeBootMs: number;
  /** −90 straight down, 0 level. */
  pitch: number;
  /** Relative to the vehicle's heading (GIMBAL_DEVICE_FLAGS_YAW_IN_VEHICLE_FRAME). Default 0. */
  yaw?: number;
}

/** GIMBAL_DEVICE_FLAGS of a stabilised gimbal: roll and pitch locked to the horizon, yaw following the vehicle. */
const STABILISED_GIMBAL_FLAGS =
  common.GimbalDeviceFlags.ROLL_LOCK |
  common.GimbalDeviceFlags.PITCH_LOCK |
  common.GimbalDeviceFlags.YAW_IN_VEHICLE_FRAME;

export interface FrameEncoderOptions {
  systemId: number;
  componentId?: number;
  /** MAVLink 1 frames (no signing) or MAVLink 2 (default). */
  version?: 1 | 2;
  /** Sign every MAVLink 2 frame with this 32-byte key. */
  signingKey?: Buffer | undefined;
  linkId?: number;
}

/**
 * MAVLink frames as a flight controller sends them, serialised (and signed) by node-mavlink: the demo aircraft
 * and the ingest benchmark speak through this. Keeps the 8-bit sequence and a strictly increasing signing
 * timestamp (ms resolution), as the signing spec asks.
 */
export function createFrameEncoder(o: FrameEncoderOptions) {
  const componentId = o.componentId ?? 1;
  const signed = o.version !== 1 && o.signingKey !== undefined;
  // The signed-frame flag is part of the header the CRC covers, so it is set before serialising.
  const protocol =
    o.version === 1
      ? new MavLinkProtocolV1(o.systemId, componentId)
      : new MavLinkProtocolV2(o.systemId, componentId, signed ? MavLinkProtocolV2.IFLAG_SIGNED : 0);
  let seq = 0;
  let lastSignedMs = 0;

  function encode(message: MavLinkData): Buffer {
    const frame = protocol.serialize(message, seq);
    seq = (seq + 1) & 0xff;
    if (!signed || !(protocol instanceof MavLinkProtocolV2)) return frame;
    lastSignedMs = Math.max(Date.now(), lastSignedMs + 1);
    return protocol.sign(frame, o.linkId ?? 1, o.signingKey!, lastSignedMs);
  }

  return {
    encode,
    heartbeat(): Buffer {
      const hb = new minimal.Heartbeat();
      hb.type = minimal.MavType.QUADROTOR;
      hb.autopilot = minimal.MavAutopilot.ARDUPILOTMEGA;
      hb.baseMode = minimal.MavModeFlag.CUSTOM_MODE_ENABLED | minimal.MavModeFlag.SAFETY_ARMED;
      hb.customMode = 3; // ArduCopter AUTO
      hb.systemStatus = minimal.MavState.ACTIVE;
      hb.mavlinkVersion = 3;
      return encode(hb);
    },
    globalPositionInt(p: AircraftPosition): Buffer {
      const m = new common.GlobalPositionInt();
      m.timeBootMs = Math.round(p.timeBootMs) >>> 0;
      m.lat = Math.round(p.lat * 1e7);
      m.lon = Math.round(p.lon * 1e7);
      m.alt = Math.round(p.altMsl * 1000);
      m.relativeAlt = Math.round(p.altRel * 1000);
      m.vx = Math.round(p.vNorth * 100);
      m.vy = Math.round(p.vEast * 100);
      m.vz = Math.round(-p.vUp * 100);
      m.hdg = p.heading === null ? 65535 : Math.round((((p.heading % 360) + 360) % 360) * 100) % 36000;
      return encode(m);
    },
    sysStatus(batteryPercent: number | null): Buffer {
      const m = new common.SysStatus();
      m.batteryRemaining = batteryPercent === null ? -1 : Math.round(batteryPercent);
      m.voltageBattery = 15_200;
      m.currentBattery = -1;
      return encode(m);
    },
    /** Gimbal protocol v2 (send with componentId 154, MAV_COMP_ID_GIMBAL, as a gimbal device does). */
    gimbalDeviceAttitudeStatus(g: GimbalAttitude): Buffer {
      const m = new common.GimbalDeviceAttitudeStatus();
      m.timeBootMs = Math.round(g.timeBootMs) >>> 0;
      m.flags = STABILISED_GIMBAL_FLAGS;
      m.q = pitchYawQuaternion(g.pitch, g.yaw ?? 0);
      m.angularVelocityX = m.angularVelocityY = m.angularVelocityZ = Number.NaN;
      m.failureFlags = 0 as common.GimbalDeviceErrorFlags; // no failure
      m.deltaYaw = m.deltaYawVelocity = Number.NaN;
      m.gimbalDeviceId = 0;
      return encode(m);
    },
    /** ArduPilot's MOUNT_STATUS: pitch, roll and yaw in cdeg. */
    mountStatus(pitchDeg: number, rollDeg = 0, yawDeg = 0): Buffer {
      const m = new ardupilotmega.MountStatus();
      m.pointingA = Math.round(pitchDeg * 100);
      m.pointingB = Math.round(rollDeg * 100);
      m.pointingC = Math.round(yawDeg * 100);
      m.mountMode = common.MavMountMode.MAVLINK_TARGETING;
      return encode(m);
    },
    batteryStatus(batteryPercent: number | null, id = 0): Buffer {
      const m = new common.BatteryStatus();
      m.id = id;
      m.batteryRemaining = batteryPercent === null ? -1 : Math.round(batteryPercent);
      m.voltages = [3800, 3800, 3800, 3800, 65535, 65535, 65535, 65535, 65535, 65535];
      m.temperature = 32767;
      m.currentBattery = -1;
      m.currentConsumed = -1;
      m.energyConsumed = -1;
      m.timeRemaining = 0;
      return encode(m);
    },
  };
}

export type FrameEncoder = ReturnType<typeof createFrameEncoder>;
