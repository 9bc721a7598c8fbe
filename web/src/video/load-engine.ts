import { loadFlvEngine } from './flv-engine.ts';
import { hlsJsEngine, loadHls } from './hls-engine.ts';
import { engineFor, type EngineName, type StartEngine } from './live-engine.ts';
import { HLS_MIME, nativeHlsEngine } from './native-hls-engine.ts';

/**
 * The engine that plays a play answer's `kind` in this browser, its library loaded; null when none can (a kind
 * this web app does not know, or HLS in a browser with neither Media Source Extensions nor native HLS).
 */
export async function loadEngine(
  kind: string,
  video: HTMLVideoElement,
): Promise<{ name: EngineName; start: StartEngine } | null> {
  const HlsJs = kind === 'hls' ? await loadHls() : null;
  const name = engineFor(kind, { hlsJs: HlsJs?.isSupported() ?? false, native: video.canPlayType(HLS_MIME) !== '' });
  if (name === 'flv') return { name, start: await loadFlvEngine() };
  if (name === 'hls.js') return { name, start: hlsJsEngine(HlsJs!) };
  if (name === 'native-hls') return { name, start: nativeHlsEngine };
  return null;
}
