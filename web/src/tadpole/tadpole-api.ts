import { request } from '../api.ts';
import { uploadPhoto } from '../shared/upload-photo.ts';
import type { Datum } from '../cases/case-types.ts';
import type {
  Alert,
  AlertDetail,
  CreateAlertBody,
  Delivery,
  ForwardKit,
  Group,
  GuardianVerification,
  RetractionRequest,
  Tip,
  TipCluster,
  VerificationMethod,
} from './tadpole-types.ts';

const id = encodeURIComponent;

/** docs/tadpole-api.md, staff routes. */
export const tadpoleApi = {
  list: (status: 'open' | 'closed' | 'all' = 'open') =>
    request<{ alerts: Alert[] }>('GET', `/tadpole/alerts?status=${status}`),
  create: (body: CreateAlertBody) => request<{ alert: Alert; publicUrl: string }>('POST', '/tadpole/alerts', body),
  detail: (alertId: string) => request<AlertDetail>('GET', `/tadpole/alerts/${id(alertId)}`),
  verify: (alertId: string) =>
    request<{ alert: Alert; queued: number }>('POST', `/tadpole/alerts/${id(alertId)}/verify`, {}),
  tips: (alertId: string) =>
    request<{ tips: Tip[]; clusters: TipCluster[] }>('GET', `/tadpole/alerts/${id(alertId)}/tips`),
  markTip: (tipId: number, useful: boolean) => request<{ tip: Tip }>('POST', `/tadpole/tips/${tipId}/mark`, { useful }),
  addGroups: (alertId: string, groupIds: string[]) =>
    request<{ queued: number }>('POST', `/tadpole/alerts/${id(alertId)}/groups`, { groupIds }),
  dropGroup: (alertId: string, groupId: string) =>
    request<{ dropped: number }>('DELETE', `/tadpole/alerts/${id(alertId)}/groups/${id(groupId)}`),
  onScene: (alertId: string) =>
    request<{ alert: Alert; onSceneAt: string; alreadyOnScene: boolean }>(
      'POST',
      `/tadpole/alerts/${id(alertId)}/on-scene`,
      {},
    ),
  setCareLocation: (alertId: string, careLocation: string | null) =>
    request<{ alert: Alert }>('PUT', `/tadpole/alerts/${id(alertId)}/care-location`, { careLocation }),
  found: (alertId: string, location: { lon: number; lat: number; datum: Datum }, note?: string) =>
    request<{ alert: Alert }>('POST', `/tadpole/alerts/${id(alertId)}/found`, { location, ...(note ? { note } : {}) }),
  verifyGuardian: (alertId: string, methods: VerificationMethod[], relation?: string, note?: string) =>
    request<{ verification: GuardianVerification }>('POST', `/tadpole/alerts/${id(alertId)}/guardian-verification`, {
      methods,
      ...(relation ? { relation } : {}),
      ...(note ? { note } : {}),
    }),
  handover: (alertId: string, note?: string) =>
    request<{ alert: Alert }>('POST', `/tadpole/alerts/${id(alertId)}/handover`, note ? { note } : {}),
  requestRetraction: (alertId: string, note?: string) =>
    request<{ retractionRequest: RetractionRequest; alreadyRequested: boolean }>(
      'POST',
      `/tadpole/alerts/${id(alertId)}/retraction-request`,
      note ? { note } : {},
    ),
  retract: (alertId: string, reason: 'reunited' | 'withdrawn') =>
    request<{ alert: Alert; queued: number }>('POST', `/tadpole/alerts/${id(alertId)}/retract`, { reason }),
  groups: () => request<{ groups: Group[] }>('GET', '/tadpole/groups'),
  deliveries: (alertId: string) =>
    request<{ deliveries: Delivery[] }>('GET', `/tadpole/deliveries?alertId=${id(alertId)}`),
  kit: (deliveryId: number) =>
    request<{ kit: ForwardKit }>('GET', `/tadpole/deliveries/${deliveryId}/kit`).then((r) => r.kit),
  acknowledge: (deliveryId: number) =>
    request<{ delivery: Delivery }>('POST', `/tadpole/deliveries/${deliveryId}/ack`, {}),
  retry: (deliveryId: number) => request<{ delivery: Delivery }>('POST', `/tadpole/deliveries/${deliveryId}/retry`, {}),
};

export function photoSrc(photoId: number | string): string {
  return `/api/v1/tadpole/photos/${id(String(photoId))}`;
}

/** Uploads the card photo as the raw body with upload progress (`onProgress` gets 0–1). */
export function uploadAlertPhoto(
  alertId: string,
  photo: Blob,
  onProgress: (fraction: number) => void,
): Promise<{ photo: { id: number | string; width: number; height: number; bytes: number } }> {
  return uploadPhoto('POST', `/api/v1/tadpole/alerts/${id(alertId)}/photos`, photo, onProgress);
}
