import type { DjiReplyRecord } from '../decoders/types.ts';
import type { TopologyOutcome } from './dji.repo.ts';

/** What the platform tells a dock in the `config` reply (Cloud-API-Doc, dock "config" request). */
export interface DjiPlatformConfig {
  appId: string;
  appKey: string;
  appLicense: string;
  ntpServerHost: string;
  ntpServerPort: number;
}

/**
 * The reply message owed for `rec`, as DJI documents each: the request's `tid`/`bid` and `method` with the
 * platform's `timestamp`; `data.result` 0 for success (`status_reply`, `events_reply`), the configuration for
 * `config` (`requests_reply`), a non-zero result for a request Lookout does not serve.
 */
export function djiReplyMessage(
  rec: DjiReplyRecord,
  now: number,
  config: DjiPlatformConfig,
  topologies: ReadonlyMap<string, TopologyOutcome>,
): Record<string, unknown> {
  const base = { tid: rec.tid, bid: rec.bid, timestamp: now, gateway: rec.gateway, method: rec.method };
  switch (rec.answer) {
    case 'topology':
      return { ...base, data: { result: topologies.get(rec.gateway)?.result ?? 1 } };
    case 'ok':
      return { ...base, data: { result: 0 } };
    case 'unsupported':
      return { ...base, data: { result: 1 } };
    case 'config':
      return {
        ...base,
        data: {
          app_id: /^\d+$/.test(config.appId) ? Number(config.appId) : config.appId,
          app_key: config.appKey,
          app_license: config.appLicense,
          ntp_server_host: config.ntpServerHost,
          ntp_server_port: config.ntpServerPort,
        },
      };
  }
}

export const emptyDjiConfig: DjiPlatformConfig = {
  appId: '',
  appKey: '',
  appLicense: '',
  ntpServerHost: 'ntp.aliyun.com',
  ntpServerPort: 123,
};
