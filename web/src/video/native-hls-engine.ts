import type { StartEngine } from './live-engine.ts';

/** The MIME type a <video> that plays HLS itself (Safari, iOS) says it can play. */
export const HLS_MIME = 'application/vnd.apple.mpegurl';

/** HLS played by the <video> itself, where hls.js cannot run (no Media Source Extensions: older iOS). */
export const nativeHlsEngine: StartEngine = (video, url, { onFail }) => {
  let stopped = false;
  const failed = () => {
    if (!stopped) onFail(video.error ? `media error ${video.error.code}` : 'ended');
  };
  video.addEventListener('error', failed);
  video.addEventListener('ended', failed);
  video.src = url;
  void video.play().catch(() => undefined);
  return {
    stop() {
      stopped = true;
      video.removeEventListener('error', failed);
      video.removeEventListener('ended', failed);
      video.removeAttribute('src');
      video.load();
    },
  };
};
