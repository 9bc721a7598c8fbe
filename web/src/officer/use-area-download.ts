import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppConfig } from '../api-types.ts';
import type { Assignment } from '../cases/case-types.ts';
import { downloadArea, type DownloadProgress } from './offline-area.ts';

export type DownloadState = { p?: DownloadProgress; error?: string } | null;

/** The basemap and terrain tiles around the assigned target, fetched once per assignment, and again on the officer's tap. */
export function useAreaDownload(
  config: Pick<AppConfig, 'basemap' | 'terrain'>,
  assignment: Assignment | null,
): { download: DownloadState; startDownload: (lon: number, lat: number) => void } {
  const { basemap, terrain } = config;
  const [download, setDownload] = useState<DownloadState>(null);
  const autoDownloaded = useRef<string | null>(null);
  const startDownload = useCallback(
    (lon: number, lat: number) => {
      downloadArea({ basemap, terrain }, lon, lat, (p) => setDownload({ p }))
        .then((p) => setDownload({ p }))
        .catch((err: unknown) => setDownload({ error: err instanceof Error ? err.message : String(err) }));
    },
    [basemap, terrain],
  );
  useEffect(() => {
    if (!assignment || autoDownloaded.current === assignment.id || (basemap.kind === 'fallback' && !terrain)) return;
    autoDownloaded.current = assignment.id;
    downloadArea({ basemap, terrain }, assignment.target.lon, assignment.target.lat, (p) => setDownload({ p })).catch(
      (err: unknown) => setDownload({ error: err instanceof Error ? err.message : String(err) }),
    );
  }, [assignment, basemap, terrain]);
  return { download, startDownload };
}
