/**
 * The camera gimbal's pitch of MAVLink aircraft, kept per system and carried on its fixes (`gimbalPitch`, the
 * coverage worker's look direction). Two messages give it:
 *
 *   GIMBAL_DEVICE_ATTITUDE_STATUS (285, common.xml, gimbal protocol v2): q = w, x, y, z, the gimbal's attitude.
 *     Its yaw is in the vehicle or the earth frame (GIMBAL_DEVICE_FLAGS_YAW_IN_VEHICLE_FRAME / _IN_EARTH_FRAME /
 *     YAW_LOCK), which is a rotation about the vertical: the pitch is the same in either, so no flag changes it.
 *   MOUNT_STATUS (158, ardupilotmega.xml): pointing_a, the pitch in centidegrees (older ArduPilot mounts).
 *
 * Pitch is the optical axis's angle from the horizon (−90 straight down, 0 level, up positive), as for DJI. A pitch
 * is used for a fix only while fresh: received at most GIMBAL_PITCH_FRESH_MS before (or after) the position.
 */

/** Gimbals tilt from about −120° (past straight down) to +60° (above level); anything else is not a pitch. */
export const GIMBAL_PITCH_MIN = -120;
export const GIMBAL_PITCH_MAX = 60;
/** A pitch received longer than this before a position does not describe that position. */
export const GIMBAL_PITCH_FRESH_MS = 3_000;
/** A quaternion this far from unit length is not an attitude (float32 rounding is far smaller). */
const QUATERNION_NORM_TOLERANCE = 0.1;

const DEG = 180 / Math.PI;

/**
 * The pitch (degrees) of an attitude quaternion (w, x, y, z; body → earth, NED, aerospace Z-Y-X Euler angles),
 * or a reason why `q` is not an attitude. Euler pitch lies within ±90°; an attitude whose Euler roll is beyond
 * ±90° is the same as pitching on past straight down (or up) with the roll undone — a gimbal does not roll over,
 * so that reading (e.g. −110° instead of −70° rolled over) is the one given.
 */
export function quaternionPitch(q: readonly number[]): { pitch: number } | { problem: string } {
  const [w, x, y, z] = q;
  if (q.length !== 4 || ![w, x, y, z].every((c) => Number.isFinite(c)))
    return { problem: `quaternion [${q.join(', ')}] is not finite` };
  const [qw, qx, qy, qz] = [w!, x!, y!, z!];
  const norm = Math.hypot(qw, qx, qy, qz);
  if (Math.abs(norm - 1) > QUATERNION_NORM_TOLERANCE)
    return { problem: `quaternion norm ${norm.toPrecision(4)} is not 1` };
  // sin(pitch) = −R[2][0] and cos(pitch) = |(R[0][0], R[1][0])|, both scaled by |q|²: atan2 keeps ±90° exact.
  const sinPitch = 2 * (qw * qy - qx * qz);
  const cosPitch = Math.hypot(qw * qw + qx * qx - qy * qy - qz * qz, 2 * (qx * qy + qw * qz));
  const pitch = Math.atan2(sinPitch, cosPitch) * DEG;
  const roll = Math.atan2(2 * (qw * qx + qy * qz), qw * qw - qx * qx - qy * qy + qz * qz) * DEG;
  const unrolled = Math.abs(roll) <= 90 ? pitch : (pitch < 0 ? -180 : 180) - pitch;
  // float32 components: keep hundredths of a degree, not the rounding noise.
  return { pitch: Math.round(unrolled * 100) / 100 };
}

/** The attitude quaternion (w, x, y, z) of a gimbal at this pitch and yaw (degrees), roll level. */
export function pitchYawQuaternion(pitchDeg: number, yawDeg = 0): [number, number, number, number] {
  const [t, p] = [pitchDeg / DEG / 2, yawDeg / DEG / 2];
  return [Math.cos(p) * Math.cos(t), -Math.sin(p) * Math.sin(t), Math.cos(p) * Math.sin(t), Math.sin(p) * Math.cos(t)];
}

/** MOUNT_STATUS pointing_a (cdeg) → degrees. */
export const mountStatusPitch = (pointingA: number): number => pointingA / 100;

interface Latest {
  pitch: number;
  receivedAt: number;
}

/** The latest gimbal pitch per MAVLink system id (a gimbal device sends with its own component id). */
export function createGimbalPitchTracker() {
  const latest = new Map<number, Latest>();
  return {
    /** Keep a pitch reading; undefined when taken, else why it is not a pitch (nothing is kept). */
    record(systemId: number, pitch: number, receivedAt: number): string | undefined {
      if (!(pitch >= GIMBAL_PITCH_MIN && pitch <= GIMBAL_PITCH_MAX))
        return `gimbal pitch ${pitch.toFixed(2)}° outside ${GIMBAL_PITCH_MIN}..${GIMBAL_PITCH_MAX}`;
      latest.set(systemId, { pitch, receivedAt });
      return undefined;
    },
    /** The pitch for a position received at `receivedAt`: the latest one, if fresh; else null. */
    pitchAt(systemId: number, receivedAt: number): number | null {
      const l = latest.get(systemId);
      if (!l || Math.abs(receivedAt - l.receivedAt) > GIMBAL_PITCH_FRESH_MS) return null;
      return l.pitch;
    },
    forget(systemId: number): void {
      latest.delete(systemId);
    },
  };
}

export type GimbalPitchTracker = ReturnType<typeof createGimbalPitchTracker>;
