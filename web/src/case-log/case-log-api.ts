import type { CaseMessage, PostCaseMessageBody } from '@lookout/contracts';
import { request } from '../api.ts';
import { uploadPhoto } from '../shared/upload-photo.ts';

const id = encodeURIComponent;

export const caseLogApi = {
  list: (caseId: string) => request<{ messages: CaseMessage[] }>('GET', `/cases/${id(caseId)}/messages`),
  post: (caseId: string, body: PostCaseMessageBody) =>
    request<CaseMessage>('POST', `/cases/${id(caseId)}/messages`, body),
  photo: (caseId: string, messageId: number, photo: Blob, onProgress: (fraction: number) => void) =>
    uploadPhoto<{ id: number }>('PUT', `/api/v1/cases/${id(caseId)}/messages/${messageId}/photo`, photo, onProgress),
  photoSrc: (caseId: string, messageId: number) => `/api/v1/cases/${id(caseId)}/messages/${messageId}/photo`,
};
