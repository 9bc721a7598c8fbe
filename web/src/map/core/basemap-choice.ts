import type { AppConfig, BasemapChoice, BasemapConfig } from '@lookout/contracts';

const key = (userId: string) => `lookout.basemap.${userId}`;

/** The basemap this user last chose on this device, else the station's first; null → only the offline sketch. */
export function chosenBasemap(config: AppConfig, userId: string): BasemapChoice | null {
  let id: string | null = null;
  try {
    id = localStorage.getItem(key(userId));
  } catch {
    // Storage refused (a private window): the first basemap.
  }
  return config.basemaps.find((b) => b.id === id) ?? config.basemaps[0] ?? null;
}

export function rememberBasemap(userId: string, id: string): void {
  try {
    localStorage.setItem(key(userId), id);
  } catch {
    // Not remembered: the choice holds until the page is reloaded.
  }
}

/** What to load: the chosen basemap's tiles, or the offline sketch (with the server's reason, when it has one). */
export const basemapSource = (choice: BasemapChoice | null, config: Pick<AppConfig, 'basemap'>): BasemapConfig =>
  choice?.source ?? (config.basemap.kind === 'fallback' ? config.basemap : { kind: 'fallback', datum: 'wgs84' });
