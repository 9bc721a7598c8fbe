/**
 * The frame the video shows now as a JPEG, at the stream's own size (not the panel's): drawn onto a canvas and
 * encoded by the browser. The stream comes from our own origin through Media Source Extensions, so the canvas is
 * not tainted. Null when there is no picture yet.
 */
export function grabFrame(video: HTMLVideoElement, quality = 0.9): Promise<Blob | null> {
  const { videoWidth: w, videoHeight: h } = video;
  if (!w || !h) return Promise.resolve(null);
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.resolve(null);
  ctx.drawImage(video, 0, 0, w, h);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}
