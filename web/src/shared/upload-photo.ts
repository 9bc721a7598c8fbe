import { ApiError } from '../api.ts';

/**
 * Sends a photo as the raw body with upload progress (fetch has none): XMLHttpRequest. `onProgress` gets 0–1.
 * Answers like `request` does (ApiError with the server's code and message).
 */
export function uploadPhoto<T>(
  method: 'POST' | 'PUT',
  url: string,
  photo: Blob,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', photo.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let json: unknown;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        json = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(json as T);
        return;
      }
      const e = (json as { error?: { code?: string; message?: string } } | null)?.error;
      reject(new ApiError(xhr.status, e?.code ?? `http_${xhr.status}`, e?.message ?? xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.ontimeout = () => reject(new ApiError(0, 'network', 'timeout'));
    xhr.timeout = 120_000;
    xhr.send(photo);
  });
}
