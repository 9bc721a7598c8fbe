import { z } from 'zod';
import type { DjiLiveLens } from '@lookout/contracts';

/**
 * Which stream of an aircraft to ask for, from what its gateway reported on its `state` topic (kept merged in
 * `dji_devices.state`): `live_capacity` lists the cameras per device and their selectable streams, `live_status`
 * the streams being pushed now (Cloud-API-Doc docs/en/60.api-reference/20.dock-to-cloud/00.mqtt/20.dock/10.dock2/
 * 00.properties.md). DJI names a stream `{sn}/{camera_index}/{video_index}`, e.g. `1581F6Q8D24DEMO1/81-0-0/normal-0`,
 * the camera index being `{type-subtype-gimbalindex}` of the payload.
 */

const capacity = z.object({
  device_list: z
    .array(
      z.object({
        sn: z.string(),
        camera_list: z
          .array(
            z.object({
              camera_index: z.string(),
              video_list: z
                .array(
                  z.object({
                    video_index: z.string(),
                    video_type: z.string().nullish(),
                    switchable_video_types: z.array(z.string()).nullish(),
                  }),
                )
                .default([]),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

const status = z.array(z.object({ video_id: z.string(), status: z.number().nullish() }));

const SEGMENT_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** The stream to start for an aircraft: a camera that offers the lens asked for, else its first camera. */
export function pickVideoId(gatewayState: unknown, aircraftSerial: string, lens?: string): string | undefined {
  const parsed = capacity.safeParse((gatewayState as { live_capacity?: unknown } | null)?.live_capacity);
  if (!parsed.success) return undefined;
  const device = parsed.data.device_list.find((d) => d.sn === aircraftSerial);
  const streams = (device?.camera_list ?? []).flatMap((c) =>
    c.video_list
      .filter((v) => SEGMENT_RE.test(c.camera_index) && SEGMENT_RE.test(v.video_index))
      .map((v) => ({
        id: `${aircraftSerial}/${c.camera_index}/${v.video_index}`,
        lenses: [v.video_type ?? '', ...(v.switchable_video_types ?? [])],
      })),
  );
  const offering = lens ? streams.find((s) => s.lenses.includes(lens)) : undefined;
  return (offering ?? streams[0])?.id;
}

/** The aircraft's stream its gateway reports as being pushed now (`live_status`, `status` 1). */
export function activeVideoId(gatewayState: unknown, aircraftSerial: string): string | undefined {
  const parsed = status.safeParse((gatewayState as { live_status?: unknown } | null)?.live_status);
  if (!parsed.success) return undefined;
  return parsed.data.find((s) => s.status === 1 && s.video_id.startsWith(`${aircraftSerial}/`))?.video_id;
}

/**
 * DJI's `video_type` for a lens on this gateway: docks call the infrared lens `ir` (dock 10.dock2/30.live.md), a
 * remote controller calls it `thermal` (pilot-to-cloud 20.rc-pro/20.live.md). Gateway domain 2 is a remote
 * controller, 3 a dock.
 */
export function djiVideoType(lens: DjiLiveLens, gatewayDomain: string | null): string {
  return lens === 'ir' && gatewayDomain === '2' ? 'thermal' : lens;
}
