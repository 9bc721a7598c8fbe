import {
  djiLiveMessage,
  hasRole,
  type DjiLiveAnswer,
  type DjiLiveLens,
  type DjiLiveStartBody,
} from '@lookout/contracts';
import type { SessionUser } from '../auth/auth.repo.ts';
import { commands } from '../auth/capabilities.ts';
import { AppError } from '../errors.ts';
import type { DjiLiveRepo, DjiLiveTarget } from './dji-live.repo.ts';
import { DjiServicesError, type DjiServicesClient } from './dji-services-client.ts';
import { activeVideoId, djiVideoType, pickVideoId } from './dji-video-id.ts';

/**
 * Live video of a DJI aircraft, asked of its gateway as DJI Cloud API documents it (Cloud-API-Doc
 * docs/en/60.api-reference/20.dock-to-cloud/00.mqtt/20.dock/10.dock2/30.live.md; the remote controller's
 * docs/en/60.api-reference/10.pilot-to-cloud/00.mqtt/20.rc-pro/20.live.md is the same exchange): the gateway pushes
 * RTMP (`url_type` 1) to the URL the media side hands out, and answers each request with `result` (0 or an error
 * code of docs/en/71.error-code.md). Who may: commanders and admins, or the pilot flying the drone for an open case.
 */

type LiveMethod = DjiLiveAnswer['method'];

/** Why a request ended without the stream doing what was asked (the failure counter's `reason`). */
export type DjiLiveFailure =
  | 'device_error'
  | 'timeout'
  | 'broker_unavailable'
  | 'no_live_capacity'
  | 'not_dji_aircraft'
  | 'not_their_drone'
  | 'bad_input';

export interface DjiLiveServiceDeps {
  repo: DjiLiveRepo;
  services: Pick<DjiServicesClient, 'call'>;
  /** The RTMP URL the aircraft is to push to (the media side's, with its publish secret), per request host. */
  pushUrlFor(droneId: string, requestHost: string): Promise<string>;
  failed(method: LiveMethod, reason: DjiLiveFailure): void;
}

const DONE: Record<LiveMethod, string> = {
  live_start_push: 'Live stream started',
  live_stop_push: 'Live stream stopped',
  live_set_quality: 'Live stream quality set',
  live_lens_change: 'Live stream lens switched',
};

export function createDjiLiveService(deps: DjiLiveServiceDeps) {
  /** The stream last started per drone by this process, for when the gateway has not reported `live_status` yet. */
  const started = new Map<string, string>();

  async function targetFor(droneId: string, user: SessionUser, method: LiveMethod): Promise<DjiLiveTarget> {
    // Which drones are DJI aircraft is no secret (the drone list shows every one to the map roles).
    const target = await deps.repo.target(droneId);
    if (!target) {
      deps.failed(method, 'not_dji_aircraft');
      throw new AppError('not_found', `Drone ${droneId} is not a DJI aircraft bound to a gateway`);
    }
    if (!commands(user) && !(hasRole(user, 'pilot') && (await deps.repo.pilotFliesOnOpenCase(droneId, user.id)))) {
      deps.failed(method, 'not_their_drone');
      throw new AppError('forbidden', `Only the pilot flying drone ${droneId} for an open case, or a commander`);
    }
    return target;
  }

  function noCapacity(target: DjiLiveTarget, method: LiveMethod): never {
    deps.failed(method, 'no_live_capacity');
    throw new AppError(
      'conflict',
      `Gateway ${target.gatewaySerial} has not reported a camera of aircraft ${target.aircraftSerial} it can stream`,
      { method, reason: 'no_live_capacity' },
    );
  }

  /** The stream a stop/quality/lens request is about: the one being pushed, else the one that would be. */
  function currentVideoId(target: DjiLiveTarget, method: LiveMethod): string {
    const id =
      activeVideoId(target.gatewayState, target.aircraftSerial) ??
      started.get(target.droneId) ??
      pickVideoId(target.gatewayState, target.aircraftSerial);
    return id ?? noCapacity(target, method);
  }

  async function ask(
    target: DjiLiveTarget,
    method: LiveMethod,
    videoId: string,
    data: Record<string, unknown>,
  ): Promise<DjiLiveAnswer> {
    let result: number;
    try {
      ({ result } = await deps.services.call(target.gatewaySerial, method, { ...data, video_id: videoId }));
    } catch (err) {
      if (!(err instanceof DjiServicesError)) throw err;
      if (err.kind === 'timeout') {
        deps.failed(method, 'timeout');
        throw new AppError(
          'unavailable',
          `Gateway ${target.gatewaySerial} did not answer ${method}: it may be offline`,
          { method, reason: 'timeout', gateway: target.gatewaySerial },
          502,
        );
      }
      deps.failed(method, 'broker_unavailable');
      throw new AppError('unavailable', err.message, { method, reason: err.kind });
    }
    if (result !== 0) {
      deps.failed(method, 'device_error');
      throw new AppError('conflict', `The gateway refused ${method}: ${djiLiveMessage(result)} (${result})`, {
        method,
        result,
        videoId,
      });
    }
    return { droneId: target.droneId, method, videoId, result, message: DONE[method] };
  }

  return {
    async start(droneId: string, body: DjiLiveStartBody, user: SessionUser, requestHost: string) {
      const target = await targetFor(droneId, user, 'live_start_push');
      const videoType = body.lens ? djiVideoType(body.lens, target.gatewayDomain) : undefined;
      const videoId =
        pickVideoId(target.gatewayState, target.aircraftSerial, videoType) ?? noCapacity(target, 'live_start_push');
      const url = await deps.pushUrlFor(droneId, requestHost);
      const answer = await ask(target, 'live_start_push', videoId, {
        url_type: 1,
        url,
        video_quality: body.quality ?? 0,
      });
      started.set(droneId, videoId);
      await deps.repo.recordLens(droneId, 'normal');
      // A stream starts on its default lens; another one is a second request, as in DJI's sequence.
      if (videoType && body.lens !== 'normal') {
        try {
          await ask(target, 'live_lens_change', videoId, { video_type: videoType });
          await deps.repo.recordLens(droneId, videoType);
        } catch (err) {
          // The stream runs on its default lens: say so with the refusal.
          if (!(err instanceof AppError)) throw err;
          throw new AppError(
            err.code,
            `Streaming, but on the default lens. ${err.message}`,
            {
              ...(err.details as object),
              streaming: true,
            },
            err.status,
          );
        }
      }
      return answer;
    },

    async stop(droneId: string, user: SessionUser) {
      const target = await targetFor(droneId, user, 'live_stop_push');
      const answer = await ask(target, 'live_stop_push', currentVideoId(target, 'live_stop_push'), {});
      started.delete(droneId);
      await deps.repo.recordLens(droneId, null);
      return answer;
    },

    async setQuality(droneId: string, quality: number, user: SessionUser) {
      const target = await targetFor(droneId, user, 'live_set_quality');
      return ask(target, 'live_set_quality', currentVideoId(target, 'live_set_quality'), { video_quality: quality });
    },

    async setLens(droneId: string, lens: DjiLiveLens, user: SessionUser) {
      const target = await targetFor(droneId, user, 'live_lens_change');
      const videoType = djiVideoType(lens, target.gatewayDomain);
      const answer = await ask(target, 'live_lens_change', currentVideoId(target, 'live_lens_change'), {
        video_type: videoType,
      });
      await deps.repo.recordLens(droneId, videoType);
      return answer;
    },
  };
}

export type DjiLiveService = ReturnType<typeof createDjiLiveService>;
